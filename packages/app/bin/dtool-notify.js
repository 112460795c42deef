#!/usr/bin/env node
// The installed command. It lives outside dist/ so that npm links it at install time, before
// anything is built; it runs the built CLI.
import '../dist/cli/main.js';
