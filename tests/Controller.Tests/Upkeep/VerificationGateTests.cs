using Fixture.Controller.Audit;
using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Fixture.Controller.Upkeep;
using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Upkeep;

/// <summary>The verification gate's rules on the state alone (issue 12 §2).</summary>
public sealed class VerificationGateTests
{
    private const string Golden = "AC:D8:29:6B:B7:ED";
    private const string KnownBad = "B4:0E:CF:07:15:91";
    private static readonly string ConfigA = new('a', 64);
    private static readonly string ConfigB = new('b', 64);
    private static readonly string Recipe = new('c', 64);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));

    private VerificationGate Gate(bool afterStart = false, IReadOnlyList<int>? sockets = null)
    {
        var workflow = new WorkflowConfig
        {
            VerificationUnits =
            [
                new VerificationUnitConfig { ChipId = Golden, Kind = "golden" },
                new VerificationUnitConfig { ChipId = KnownBad, Kind = "knownBad", ExpectedCode = "BOOT_LOOP" },
            ],
            Verification = new VerificationGateConfig { Required = true, AfterStart = afterStart, Sockets = sockets },
        };
        var problems = new List<ConfigurationProblem>();
        var identities = ConfiguredIdentities.Parse(workflow, problems);
        Assert.Empty(problems);
        return new VerificationGate(workflow.Verification, identities, clock);
    }

    private UnitReportRow Row(int socket, VerificationUnitKind kind, string chipId, UnitVerdict verdict, FailureCode? code = null) => new()
    {
        TimestampUtc = clock.GetUtcNow(),
        Station = "ST01",
        Socket = socket,
        AttemptNumber = 1,
        ChipId = chipId,
        RecipeName = "r",
        RecipeVersion = "1",
        RecipeSha256 = Recipe,
        StationConfigSha256 = ConfigA,
        FirmwareFile = "f.bin",
        FirmwareSha256 = Recipe,
        Verdict = verdict,
        FailureCode = code,
        VerificationUnit = kind,
        FixtureVersion = "0.1.0",
    };

    private StationState Verified(VerificationGate gate, int socket)
    {
        var state = gate.Started(StationState.Empty("ST01"), "station.json", ConfigA, "recipe.json", Recipe).State;
        state = gate.Observe(state, Row(socket, VerificationUnitKind.Golden, Golden, UnitVerdict.Pass))!.Value.State;
        return gate.Observe(state, Row(socket, VerificationUnitKind.KnownBad, KnownBad, UnitVerdict.Fail, FailureCode.BootLoop))!.Value.State;
    }

    [Fact]
    public void A_configuration_change_closes_the_gate_and_is_audited_with_both_hashes()
    {
        var gate = Gate();
        var verified = Verified(gate, 1);
        Assert.Null(gate.WhyRefused(verified, 1));

        var (same, quiet) = gate.Started(verified, "station.json", ConfigA, "recipe.json", Recipe);
        Assert.Null(gate.WhyRefused(same, 1));
        Assert.Empty(quiet);

        var (changed, audit) = gate.Started(verified, "station.json", ConfigB, "recipe.json", Recipe);
        Assert.Contains("the configuration changed", gate.WhyRefused(changed, 1), StringComparison.Ordinal);
        var entry = Assert.Single(audit, e => e.Kind == AuditKind.ConfigChanged);
        Assert.Equal((ConfigA, ConfigB), (entry.Details["old"], entry.Details["new"]));
        Assert.Contains(audit, e => e.Kind == AuditKind.Verification && e.Details["event"] == "gate-closed");
    }

    [Fact]
    public void A_known_bad_unit_that_fails_with_another_code_clears_the_socket_and_is_not_counted()
    {
        var gate = Gate();
        var verified = Verified(gate, 1);

        var (after, outcome, audit) = gate.Observe(verified, Row(1, VerificationUnitKind.KnownBad, KnownBad, UnitVerdict.Fail, FailureCode.NoHandshake))!.Value;

        Assert.False(outcome.Counted);
        Assert.False(outcome.GateOpen);
        Assert.Contains("not FAIL: BOOT_LOOP", outcome.Text, StringComparison.Ordinal);
        Assert.Equal(2, gate.Missing(after, 1).Count); // the golden result went too
        Assert.Equal("no", audit.Details["counted"]);
    }

    [Fact]
    public void Only_the_listed_sockets_are_guarded()
    {
        var gate = Gate(sockets: [2]);
        var state = gate.Started(StationState.Empty("ST01"), "station.json", ConfigA, "recipe.json", Recipe).State;

        Assert.Null(gate.WhyRefused(state, 1));
        Assert.NotNull(gate.WhyRefused(state, 2));
    }
}
