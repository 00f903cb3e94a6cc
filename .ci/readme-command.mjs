// Prints one of the README's two commands, marked by <!-- command:NAME --> before its code block,
// so CI runs exactly what a newcomer reads.
import { readFileSync } from 'node:fs';

const name = process.argv[2];
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const match = new RegExp(`<!-- command:${name} -->\\s*\`\`\`(?:sh|bash)?\\n([^\\n]+)\\n\`\`\``).exec(readme);
if (!match) {
  console.error(`README.md has no command marked <!-- command:${name} -->`);
  process.exit(2);
}
console.log(match[1].trim());
