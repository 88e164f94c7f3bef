// A stylesheet imported for its side effect (bundled into dist/app.css by esbuild).
declare module '*.css';
