/** lunr pipelines by registered label, and running one on a word (index build and query terms). */
import lunr from 'lunr';

export function pipelineOf(labels: string[]): lunr.Pipeline {
  return lunr.Pipeline.load(labels as unknown as object);
}

export function runPipeline(pipeline: lunr.Pipeline, word: string, field?: string): string[] {
  const tokens = pipeline.run([new lunr.Token(word, field ? { fields: [field] } : {})]);
  return tokens.map((t) => t.toString());
}
