import type { Command } from './command.js';

/** Finds the command whose word starts the text (a whole word), and the rest as its args. */
export function matchCommand(commands: Command[], text: string): { command: Command; args: string } | null {
  const lower = text.toLowerCase();
  let best: { command: Command; args: string; length: number } | null = null;
  for (const command of commands) {
    for (const word of command.words) {
      const w = word.toLowerCase();
      if (!lower.startsWith(w)) continue;
      const rest = text.slice(w.length);
      const boundary = rest === '' || /^\s/.test(rest) || /[\u4e00-\u9fff]$/.test(w);
      if (boundary && (!best || w.length > best.length)) best = { command, args: rest.trim(), length: w.length };
    }
  }
  return best ? { command: best.command, args: best.args } : null;
}
