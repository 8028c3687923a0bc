/** The research question of the seed report (seeds/001): the demo's question and the tests' and benchmarks' example. */
export const SEED_QUESTION =
  'What is the impact of negative sampling versus domain-specific fine-tuning on exact match and F1 scores across the 12 in-domain and out-of-domain datasets in the MRQA 2019 benchmark?';
