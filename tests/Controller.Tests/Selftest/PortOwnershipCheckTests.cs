using Fixture.Controller.Selftest;

namespace Fixture.Controller.Tests.Selftest;

public sealed class PortOwnershipCheckTests
{
    private sealed class Probe(Dictionary<int, int[]> answers) : IPortProbe
    {
        public Task<IReadOnlyList<int>> AnsweringPortsAsync(int socket, CancellationToken ct) => Task.FromResult<IReadOnlyList<int>>(answers[socket]);
    }

    private static readonly SelftestSocket[] Sockets = [new(1, "/dev/serial/by-id/a"), new(2, "/dev/serial/by-id/b"), new(3, "/dev/serial/by-id/c")];

    [Fact]
    public void Each_unit_on_its_own_port_is_ok()
    {
        var findings = Run(new PortOwnershipCheck(Sockets, new Probe(new() { [1] = [1], [2] = [2], [3] = [3] })));

        Assert.All(findings, f => Assert.Equal(SelftestLevel.Ok, f.Level));
    }

    [Fact]
    public void A_swap_is_one_problem_per_socket_naming_both_sockets_and_ports()
    {
        var findings = Run(new PortOwnershipCheck(Sockets, new Probe(new() { [1] = [2], [2] = [1], [3] = [3] })));

        var problems = findings.Where(f => f.Level == SelftestLevel.Problem).ToList();
        Assert.Equal([1, 2], problems.Select(f => f.Socket!.Value));
        Assert.Contains("sockets 1 and 2 are swapped", problems[0].Text, StringComparison.Ordinal);
        Assert.Contains("/dev/serial/by-id/b", problems[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_answer_names_the_socket_and_its_port()
    {
        var findings = Run(new PortOwnershipCheck(Sockets, new Probe(new() { [1] = [1], [2] = [], [3] = [3] })));

        var problem = Assert.Single(findings, f => f.Level == SelftestLevel.Problem);
        Assert.Equal(2, problem.Socket);
        Assert.Contains("/dev/serial/by-id/b", problem.Text, StringComparison.Ordinal);
    }

    private static IReadOnlyList<SelftestFinding> Run(ISelftestCheck check) => check.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
}
