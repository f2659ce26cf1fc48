using Fixture.Controller.Cli;

// The `fixture` program. Each command lives in its own file under Cli/; exit codes:
// 0 = done / PASS, 1 = FAIL, 2 = bad input (config, recipe, file, command line), 3 = station fault.
return await CommandCatalog.InvokeAsync(args);
