// Prints the plain closing line CI reads ("jest: N passed, N failed") as the very last line of the
// run, after jest's own summary (which jest always prints after custom reporters).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}
module.exports = SummaryReporter;
