/** shapePatched: one patch standing for the changes of the synthesis's shape (docs/adr/0024). */
import { PATCHES_IN_SHAPE, SHAPE_PATCH, shapePatched } from '../../workflows/shape-patch';

/** A `patched` that answers from `has` and records what it was asked. */
function recording(has: (id: string) => boolean) {
  const asked: string[] = [];
  return { asked, ask: (id: string) => (asked.push(id), has(id)) };
}

describe('shapePatched', () => {
  it('asks the shape patch first; with it, answers the shape\'s patches without asking them', () => {
    const { asked, ask } = recording(() => true);
    const took = shapePatched(ask);
    for (const id of PATCHES_IN_SHAPE) expect(took(id)).toBe(true);
    expect(asked).toEqual([SHAPE_PATCH]);
    // A change made after the shape is asked on its own.
    expect(took('a-later-change-v1')).toBe(true);
    expect(asked).toEqual([SHAPE_PATCH, 'a-later-change-v1']);
  });

  it('without it (a run recorded before), asks each patch, as the run did', () => {
    const recorded = new Set(['local-activities-v1', 'search-attributes-v1']);
    const { asked, ask } = recording((id) => recorded.has(id));
    const took = shapePatched(ask);
    expect(PATCHES_IN_SHAPE.map(took)).toEqual(PATCHES_IN_SHAPE.map((id) => recorded.has(id)));
    expect(asked).toEqual([SHAPE_PATCH, ...PATCHES_IN_SHAPE]);
  });
});
