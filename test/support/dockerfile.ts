/**
 * Just enough of Docker's file formats to check ours without a Docker engine: the Dockerfile's
 * stages and instructions, and which paths .dockerignore keeps out of the build context.
 */

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
}

export interface Stage {
  from: string;
  name: string | null;
  /** The last WORKDIR of the stage ('/' when none). */
  workdir: string;
  instructions: Instruction[];
}

/** Stages in order; comments and line continuations handled, parser directives ignored. */
export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.trim() };
    if (instruction.keyword === 'FROM') {
      const [from = '', , name = null] = instruction.args.split(/\s+/);
      stages.push({ from, name, workdir: '/', instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${instruction.keyword} before FROM`);
    if (instruction.keyword === 'WORKDIR') stage.workdir = instruction.args;
    stage.instructions.push(instruction);
  }
  return stages;
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether .dockerignore (`patterns`, its text) keeps `path` (relative, with /) out of the context, as
 * Docker decides it: the last pattern matching the path or one of its parent folders wins, and a
 * pattern starting with ! lets it in again.
 */
export function dockerignored(patterns: string, path: string): boolean {
  const parts = path.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of patterns.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
    const regexp = globToRegExp(pattern);
    if (candidates.some((candidate) => regexp.test(candidate))) ignored = !negated;
  }
  return ignored;
}
