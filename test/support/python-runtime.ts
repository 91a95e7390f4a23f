import { spawnSync } from 'node:child_process';
import { PYTHON_RUNTIME } from '../../shared/scripts/python-runtime.ts';
import { PYTHON } from './differential.ts';

/**
 * Runs Python code with the generated script's helpers loaded (Debian's pandas, /usr/bin/python3):
 * `input` arrives as the JSON value `data`, and the code sets `result`, which comes back as JSON.
 */
export function withRuntime<T>(code: string, input: unknown): T {
  const program = [
    'import argparse, csv, decimal, json, logging, math, re, sys',
    'import numpy as np',
    'import pandas as pd',
    PYTHON_RUNTIME,
    'data = json.load(sys.stdin)',
    code,
    'json.dump(result, sys.stdout)',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', program], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
