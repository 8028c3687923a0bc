/** A trivial workflow for the Temporal smoke test. */
export async function smokeWorkflow(name: string): Promise<string> {
  return `hello, ${name}`;
}
