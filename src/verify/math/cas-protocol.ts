/** A comparison the in-process rules could not decide, sent to a computer-algebra worker. */
export interface CasRequest {
  id: number;
  expected: string;
  actual: string;
  tolerance: number;
  randomPoints: number;
  seed: string;
}

export interface CasResponse {
  id: number;
  /** undefined: the engine could not decide either (unparseable, or no numeric value). */
  equal?: boolean;
  method: string;
}
