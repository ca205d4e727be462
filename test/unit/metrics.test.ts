import type * as Metrics from '../../functions/platform/metrics';

/**
 * Business metrics are CloudWatch Embedded Metric Format lines on stdout (Powertools), one line per
 * figure with its own dimensions, and a tally for GET /local/status.
 */
describe('metrics', () => {
  it('count() writes one EMF line per figure in the PowerPermit namespace, with its dimensions, and tallies it', () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    process.stdout.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    let tally: Record<string, number> = {};
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const m = require('../../functions/platform/metrics') as typeof Metrics;
        m.count('DeadlineBreaches', { rule: 'L4' });
        m.count('DeadlineBreaches', { rule: 'L5' }, 2);
        m.coldStart('licensing-api');
        m.coldStart('licensing-api');
        tally = m.countedMetrics();
      });
    } finally {
      process.stdout.write = write;
      process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    }
    const emf = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('_aws'))
      .map(
        (l) =>
          JSON.parse(l) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
          },
      );
    const breaches = emf.filter((e) => e._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name === 'DeadlineBreaches');
    expect(breaches.map((e) => [e.rule, e.DeadlineBreaches, e.service])).toEqual([
      ['L4', 1, 'powerpermit'],
      ['L5', 2, 'powerpermit'],
    ]);
    expect(breaches[0]!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'PowerPermit', Dimensions: [expect.arrayContaining(['service', 'rule'])] });
    expect(emf.filter((e) => e._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name === 'ColdStart')).toHaveLength(1);
    expect(tally).toEqual({ 'ColdStart function_name=licensing-api': 1, 'DeadlineBreaches rule=L4': 1, 'DeadlineBreaches rule=L5': 2 });
  });
});
