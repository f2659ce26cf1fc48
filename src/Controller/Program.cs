using System.CommandLine;
using Fixture.Controller.Cli;

// The `fixture` program. Each command lives in its own file under Cli/; exit codes:
// 0 = done / PASS, 1 = FAIL, 2 = bad input (config, recipe, file), 3 = station fault.
var root = new RootCommand("Fixture: converts BL602/TG7100C smart plugs to OpenBL602, one button press per unit, and proves each unit works.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
