#!/usr/bin/env node
// Builds the admin console into console/dist/, served at /console/ (scripts/build-web-app.mjs says how).
import { buildWebApp } from '../scripts/build-web-app.mjs';

await buildWebApp(import.meta.dirname);
