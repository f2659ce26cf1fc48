using CsvHelper;

namespace Fixture.Controller.Reports.Yield;

/// <summary>
/// Something that reads more of each row than yield needs, in the yield report's one pass over the
/// files (the HTML report's charts and tables, station health, lot sign-off). It names the extra
/// columns it reads; <see cref="YieldReport.Run"/> hands it every row that parsed, before any
/// filter, and at the end every unit as the yield figures counted it.
/// </summary>
internal interface IYieldObserver
{
    /// <summary>Extra columns, by name; a file without one of them reads it as empty.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>A report file is about to be read; <paramref name="fileIndex"/> is its place in <see cref="RowRef"/>s.</summary>
    void OnFile(int fileIndex, string path);

    /// <summary>
    /// A row that parsed (verification rows, FIXTURE_FAULT rows and rows outside the dates included:
    /// the observer applies its own scope). <c>row.Fields</c> holds the extra columns until the next row.
    /// </summary>
    void OnRow(int fileIndex, in YieldRow row);

    /// <summary>One unit as yield counted it: its first and last counted attempts.</summary>
    void OnUnit(in YieldUnit unit);
}

/// <summary>Where a row is: the index of its file (in the order the report read them) and its line (8 bytes: one is kept per unit).</summary>
internal readonly record struct RowRef(int File, int Line)
{
    public RowRef(int file, long line)
        : this(file, (int)Math.Min(line, int.MaxValue))
    {
    }
}

/// <summary>
/// One unit of the yield figures, as <see cref="YieldReport"/> judged it: its key (its chip id, or its MAC in
/// rows without one; 0 for a unit known only by unit id or by nothing at all), its first and last counted attempts.
/// </summary>
/// <param name="Key">The unit key (<see cref="YieldRow.UnitKey"/>); <see cref="YieldReport.UnitLabel"/> shows it.</param>
/// <param name="Group">The group of its first attempt (the group it is counted in).</param>
/// <param name="EverPassed">Any of its counted attempts passed.</param>
/// <param name="Attempts">Its counted attempts (FIXTURE_FAULT and verification rows are not attempts).</param>
internal readonly record struct YieldUnit(
    ulong Key,
    string Group,
    long FirstTicks,
    UnitVerdict FirstVerdict,
    FailureCode? FirstCode,
    RowRef First,
    long LastTicks,
    UnitVerdict LastVerdict,
    FailureCode? LastCode,
    RowRef Last,
    bool EverPassed,
    int Attempts);

/// <summary>The extra columns of the row just read (valid until the reader moves on); empty when the file lacks a column.</summary>
internal readonly struct RowFields
{
    private readonly CsvParser? parser;
    private readonly int[]? indices;

    public RowFields(CsvParser parser, int[] indices)
    {
        this.parser = parser;
        this.indices = indices;
    }

    /// <summary>The value of the <paramref name="column"/>-th of <see cref="IYieldObserver.Columns"/>.</summary>
    public string this[int column] => indices is null || indices[column] < 0 ? "" : parser![indices[column]];

    /// <summary>For each extra column, its index in <paramref name="header"/> or -1.</summary>
    public static int[] Map(IReadOnlyList<string> columns, string[] header)
    {
        var map = new int[columns.Count];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = Array.IndexOf(header, columns[i]);
        }

        return map;
    }
}
