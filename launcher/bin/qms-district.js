#!/usr/bin/env node
// The compiled entry; `npm ci` builds it (the root prepare script runs tsc -b).
import '../dist/src/main.js'
