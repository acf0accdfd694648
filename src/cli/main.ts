#!/usr/bin/env node
import { ignoreBrokenPipe, runCli } from './run-cli.js';

// The `govdesk` bin and `npm run govdesk -- …`; piped into `head`, it finishes quietly.
ignoreBrokenPipe(process.stdout);
ignoreBrokenPipe(process.stderr);
process.exitCode = await runCli(process.argv.slice(2));
