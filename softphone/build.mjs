#!/usr/bin/env node
// Builds the softphone into softphone/dist/, served at /softphone/ (scripts/build-web-app.mjs says how).
import { buildWebApp } from '../scripts/build-web-app.mjs';

await buildWebApp(import.meta.dirname);
