#!/usr/bin/env node
import { runCli } from './run-cli.js';

// The `govdesk` bin and `npm run govdesk -- …`.
process.exitCode = await runCli(process.argv.slice(2));
