/** `log tiles DIR`: the log in C2SP tlog-tiles form. */
import { resolve } from 'node:path';
import { writeTiles } from '../../runtime';
import type { CommandContext } from '../command-context';
import { EXIT } from '../exit-codes';

/** Writes checkpoint, hash tiles and entry bundles of the latest checkpoint's tree into `dir`. */
export async function logTilesCommand(ctx: CommandContext, dir: string): Promise<number> {
  const written = await writeTiles(await ctx.ledger(), resolve(dir));
  ctx.out.result({ ok: true, ...written }, [
    `wrote ${written.files.length} files for ${written.origin} at tree size ${written.treeSize} to ${written.dir}`,
    `serve ${written.dir} as the log prefix: <prefix>/checkpoint, <prefix>/tile/<L>/<N>, <prefix>/tile/entries/<N>`,
  ]);
  return EXIT.OK;
}
