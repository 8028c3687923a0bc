import { readdirSync } from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { replayHistoryFile } from './runtime/replay';
Runtime.install({ logger: new DefaultLogger('WARN') });
(async () => {
  for (const f of readdirSync('test/histories')) console.log(f, JSON.stringify(await replayHistoryFile('test/histories/' + f)));
  console.log(JSON.stringify(await replayHistoryFile('test/histories/synthesis-published.json', { workflowsPath: require.resolve('./test/support/changed-synthesis-workflow') })));
})().then(() => process.exit(0));
