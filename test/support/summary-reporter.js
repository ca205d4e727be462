// Prints (on stderr, after jest's own summary there) the plain closing line CI reads ("jest: N passed, N failed") after jest's own summary.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stderr.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
module.exports = SummaryReporter;
