// The README's "Use from JavaScript" example, pointed at a test server, so
// the tests run it exactly as written in Node and in the browser.
import { readFileSync } from 'node:fs';

export function readmeExample(graphqlUrl) {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Use from JavaScript')[1]?.split('\n## ')[0] ?? '';
  const code = section.match(/```js\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error('README.md has no js example under "Use from JavaScript"');
  const url = 'http://127.0.0.1:8080/graphql';
  if (!code.includes(url)) throw new Error(`the README example no longer uses ${url}`);
  return code.replace(url, graphqlUrl);
}
