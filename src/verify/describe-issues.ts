import type { z } from 'zod';

/** One sentence per zod issue, naming the field the way users wrote it ("missing field "response""). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map(describeIssue).join('; ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return `missing field "${field}" (expected ${issue.expected})`;
  }
  if (issue.code === 'unrecognized_keys') {
    const where = field ? ` in "${field}"` : '';
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}${where}`;
  }
  return field ? `field "${field}": ${issue.message}` : issue.message;
}
