using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Microsoft.Extensions.Time.Testing;
using UnitsNet;

namespace Fixture.Controller.Tests.Reports;

public sealed class FormulaInjectionTests : IDisposable
{
    private const string Payload = "=cmd|' /C calc'!A0";

    private readonly ScratchDirectory scratch = new();
    private readonly FakeTimeProvider time = new(SampleRows.Day1);

    public void Dispose() => scratch.Dispose();

    private (string[] Cells, UnitReportRow ReadBack) WriteAndRead(UnitReportRow row)
    {
        string path;
        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            path = writer.Append(row);
        }

        var lines = File.ReadAllText(path).Split('\n');
        Assert.Equal(3, lines.Length);
        using var reader = new StringReader(lines[1]);
        using var parser = new CsvHelper.CsvParser(reader, UnitReportCsv.Configuration);
        Assert.True(parser.Read());
        return (parser.Record!, Assert.Single(UnitReportCsv.ReadAllRows(path)));
    }

    private static int Column(string name) => UnitReportCsv.ColumnNames.ToList().IndexOf(name);

    [Fact]
    public void A_formula_typed_as_operator_or_printed_as_ssid_is_written_as_text()
    {
        var row = SampleRows.Pass(1) with { Operator = Payload, SsidSeen = Payload };

        var (cells, readBack) = WriteAndRead(row);

        Assert.Equal("'" + Payload, cells[Column(UnitReportColumns.Operator)]);
        Assert.Equal("'" + Payload, cells[Column(UnitReportColumns.SsidSeen)]);
        Assert.Equal(Payload, readBack.Operator);
        Assert.Equal(Payload, readBack.SsidSeen);
    }

    [Theory]
    [InlineData("+1+cmd", "'+1+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("'=already quoted", "''=already quoted")]
    [InlineData("LOT=7", "LOT=7")]
    [InlineData("lot 7", "lot 7")]
    public void Every_formula_starter_in_free_text_is_neutralised(string typed, string cell)
    {
        var (cells, readBack) = WriteAndRead(SampleRows.Pass(1) with { Lot = typed, UnitId = typed, Detail = typed, FirmwareVersionSeen = typed });

        Assert.Equal(cell, cells[Column(UnitReportColumns.Lot)]);
        Assert.Equal(cell, cells[Column(UnitReportColumns.UnitId)]);
        Assert.Equal(cell, cells[Column(UnitReportColumns.Detail)]);
        Assert.Equal(cell, cells[Column(UnitReportColumns.FirmwareVersionSeen)]);
        Assert.Equal(typed, readBack.Lot);
        Assert.Equal(typed, readBack.FirmwareVersionSeen);
    }

    [Fact]
    public void Line_breaks_from_the_unit_are_flattened_so_a_row_stays_one_line()
    {
        var (cells, readBack) = WriteAndRead(SampleRows.Pass(1) with { Detail = "\r=HYPERLINK(\"x\")\nline two\r\n", SsidSeen = "Open\u0000BL602" });

        Assert.Equal(" =HYPERLINK(\"x\") line two  ", cells[Column(UnitReportColumns.Detail)]);
        Assert.Equal("Open BL602", readBack.SsidSeen);
    }

    [Fact]
    public void Negative_numbers_in_numeric_columns_stay_numbers()
    {
        var row = SampleRows.Pass(1) with
        {
            RailVoltageBeforePowerOn = ElectricPotential.FromVolts(-0.012),
            BootromCurrent = ElectricCurrent.FromMilliamperes(-1.5),
            BootromCurrentMin = ElectricCurrent.FromMilliamperes(-5),
        };

        var (cells, readBack) = WriteAndRead(row);

        Assert.Equal("-0.012", cells[Column(UnitReportColumns.RailVoltsBeforePowerOn)]);
        Assert.Equal("-1.5", cells[Column(UnitReportColumns.BootromCurrentMilliamperes)]);
        Assert.Equal("-5", cells[Column(UnitReportColumns.BootromCurrentMinMilliamperes)]);
        Assert.Equal(row.RailVoltageBeforePowerOn, readBack.RailVoltageBeforePowerOn);
        Assert.Equal(row.BootromCurrent, readBack.BootromCurrent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("'")]
    [InlineData("''")]
    [InlineData("'a")]
    [InlineData("=")]
    [InlineData("a'=")]
    [InlineData("-")]
    public void Unprotect_restores_exactly_what_protect_was_given(string text)
    {
        Assert.Equal(text, SpreadsheetTextGuard.Unprotect(SpreadsheetTextGuard.Protect(text)));
    }
}
