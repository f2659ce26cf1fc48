namespace Fixture.Controller.Reports.Yield;

/// <summary>What the yield figures are grouped by; several dimensions make a combined key.</summary>
public enum YieldDimension
{
    Station,

    /// <summary>Station and socket (socket numbers repeat on every station).</summary>
    Socket,

    Lot,

    /// <summary>Firmware file name and the start of its SHA-256.</summary>
    Firmware,

    /// <summary>UTC day of the row's timestamp.</summary>
    Day,
}

/// <summary>Which rows count (UTC days, inclusive) and how they are grouped.</summary>
public sealed record YieldQuery
{
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public IReadOnlyList<YieldDimension> GroupBy { get; init; } = [YieldDimension.Station];

    public bool Includes(DateOnly day) => (From is not { } from || day >= from) && (To is not { } to || day <= to);
}
