import { describe, expect, it } from 'vitest';
import { findForbiddenConstruct } from './forbidden-code.js';

describe('findForbiddenConstruct', () => {
  it.each([
    ['const fs = require("fs"); console.log(fs.readFileSync("/etc/passwd", "utf8"))', /other than stdin/],
    ["require('child_process').execSync('ls')", /other than fs/],
    ["require('fs').writeFileSync('/tmp/x', '1')", /file-system call/],
    ['console.log(process.env)', /process/],
    ['const f = Function("return this")', /Function/],
  ])('JavaScript %j', (code, message) => {
    expect(findForbiddenConstruct(code, 'javascript')).toMatch(message);
  });

  it('allows reading stdin the documented ways', () => {
    expect(findForbiddenConstruct("const text = require('fs').readFileSync(0, 'utf8');", 'javascript')).toBeUndefined();
    expect(findForbiddenConstruct("const text = require('fs').readFileSync('/dev/stdin', 'utf8');", 'javascript')).toBeUndefined();
    expect(findForbiddenConstruct('console.log(INPUT.length, readline())', 'javascript')).toBeUndefined();
    expect(findForbiddenConstruct('import sys\nn = int(input())\nprint(sum(map(int, sys.stdin.read().split())) + n)', 'python')).toBeUndefined();
  });

  it.each([
    ['import os\nprint(os.getcwd())', /"os"/],
    ['from subprocess import run', /"subprocess"/],
    ['import sys, socket', /"socket"/],
    ['print(open("/etc/passwd").read())', /open\(\)/],
    ['print(().__class__.__bases__[0].__subclasses__())', /__subclasses__|__class__|__bases__/],
  ])('Python %j', (code, message) => {
    expect(findForbiddenConstruct(code, 'python')).toMatch(message);
  });
});
