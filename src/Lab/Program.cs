using Fixture.Lab.Cli;

// The `fixture-lab` program: benchmarks (figures for docs/results.md), the soak and the console demo.
// Same exit codes as `fixture`: 0 done, 1 FAIL / a run that did not verify, 2 bad input, 3 station fault.
return await LabCatalog.InvokeAsync(args);
