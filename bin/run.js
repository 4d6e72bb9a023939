#!/usr/bin/env node
// '@oclif/core/execute' rather than the '@oclif/core' index: start-up time (bench/startup.js).
import {execute} from '@oclif/core/execute'

await execute({dir: import.meta.url})
