/** Messages between NearDuplicateCheck (main thread) and its worker. */

export interface NearDuplicateCheckSettings {
  threshold: number;
}

export type NearDuplicateCheckRequest =
  /** Prompts whose frequent shingles are template text; fixes the index's ignored shingles. */
  | { type: 'template-sample'; prompts: string[] }
  /** Stored problems: indexed, not checked. */
  | { type: 'stored'; ids: string[]; prompts: string[] }
  /** About this many more problems are coming. */
  | { type: 'reserve'; count: number }
  /** New problems: each is checked against everything indexed before it, then indexed. */
  | { type: 'check'; ids: string[]; prompts: string[] }
  /** Asks for the matches of every problem checked since the previous flush. */
  | { type: 'flush' };

export type NearDuplicateCheckResponse =
  | {
      type: 'matches';
      /**
       * Parallel lists, one entry per match: the checked problem's position since the previous
       * flush, the match's id and similarity, and whether the match was checked since then too.
       */
      positions: number[];
      similarTo: string[];
      similarities: number[];
      similarToChecked: boolean[];
    }
  | { type: 'failed'; message: string };
