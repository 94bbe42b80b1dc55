import { Command } from 'commander';
import { difficultyRange, fraction, integer, positiveInteger } from '../option-parsers.js';

/** `--db` and `--json`, on every subcommand so they can follow it on the command line. */
function common(command: Command): Command {
  return command
    .option('--db <path>', 'corpus database file (default: $RLVR_DB, else rlvr.db)')
    .option('--json', 'print machine-readable JSON on stdout');
}

const actions = () => import('../actions/corpus.js');

export function corpusCommand(): Command {
  const corpus = new Command('corpus').description('The problem corpus: import, export, generate, inspect and sample problems.');

  corpus.addCommand(
    common(new Command('init').description('Create the corpus database (or check an existing one).')).action(async (options) => (await actions()).runInit(options)),
  );

  corpus.addCommand(
    common(
      new Command('import')
        .description('Import problems from JSONL or Parquet files (rlvr or veRL layout); each file is all-or-nothing.')
        .argument('<files...>', '.jsonl / .ndjson / .parquet files')
        .option('--map <pairs>', 'field mapping SOURCE=FIELD,… with dot paths, e.g. question=prompt,reward_model.ground_truth=answer')
        .option('--format <layout>', 'record layout: auto, rlvr or verl', 'auto')
        .option('--family <name>', 'family of records that name none')
        .option('--source <source>', 'provenance: seed, generated, imported or proposed (default imported)')
        .option('--verifier <name>', 'verifier for every record (default: math with an answer, code with tests)')
        .option('--skip-invalid', 'skip and report invalid records instead of rejecting the file')
        .option('--near-threshold <jaccard>', 'similarity at which prompts are near duplicates', fraction, 0.8)
        .option('--no-near-duplicates', 'skip the near-duplicate check'),
    ).action(async (files: string[], options) => (await actions()).runImport(files, options)),
  );

  corpus.addCommand(
    common(
      new Command('export')
        .description('Write problems to JSONL or Parquet (by extension), in rlvr or veRL layout.')
        .argument('<file>', '.jsonl or .parquet output file')
        .option('--format <layout>', 'record layout: rlvr or verl', 'rlvr')
        .option('--family <names>', 'only these families (comma-separated)')
        .option('--split <split>', 'only this split (train includes problems with no split)')
        .option('--source <source>', 'only problems of this provenance'),
    ).action(async (file: string, options) => (await actions()).runExport(file, options)),
  );

  corpus.addCommand(
    common(new Command('families').description('List the task families with their difficulty knobs and verifiers.')).action(async (options) =>
      (await actions()).runFamilies(options),
    ),
  );

  corpus.addCommand(
    common(
      new Command('generate')
        .description("Generate problems with a family's generator and store them (source generated).")
        .requiredOption('--family <name>', 'task family (see corpus families)')
        .requiredOption('--n <count>', 'number of problems', positiveInteger)
        .option('--difficulty <range>', 'difficulty range LO..HI, e.g. 0.2..0.6, or one value', difficultyRange, [0, 1] as [number, number])
        .option('--seed <seed>', 'base seed (integer)', integer, 0)
        .option('--spread <how>', 'even (evenly spaced difficulties) or random (uniform, seeded)', 'even')
        .option('--split <split>', 'mark the problems with this split, e.g. heldout'),
    ).action(async (options) => (await actions()).runGenerate(options)),
  );

  corpus.addCommand(
    common(new Command('stats').description('Totals per family, source and policy version.')).action(async (options) => (await actions()).runStats(options)),
  );

  corpus.addCommand(
    common(
      new Command('report')
        .description('Difficulty histogram per family with pass rates; flags gaps and bands at 0% or 100%.')
        .option('--bands <n>', 'number of difficulty bands over [0, 1]', positiveInteger, 10)
        .option('--policy <version>', 'policy version whose pass rates to show (default: the latest)'),
    ).action(async (options) => (await actions()).runReport(options)),
  );

  corpus.addCommand(
    common(
      new Command('sample')
        .description('Draw problems with a sampler, as training would.')
        .requiredOption('--sampler <spec>', 'sampler spec, e.g. uniform, prioritized:floor=0.05, boundary:lo=0.2,hi=0.8')
        .requiredOption('--n <count>', 'number of problems', positiveInteger)
        .option('--seed <seed>', 'seed (integer)', integer, 0)
        .option('--family <names>', 'only these families (comma-separated)')
        .option('--split <split>', 'split to draw from', 'train'),
    ).action(async (options) => (await actions()).runSample(options)),
  );

  return corpus;
}
