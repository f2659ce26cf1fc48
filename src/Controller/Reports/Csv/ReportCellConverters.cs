using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;
using UnitsNet;

namespace Fixture.Controller.Reports.Csv;

// CsvHelper converters for the report's cells. Every one formats with the invariant culture and a
// fixed pattern, whatever the machine's culture: the files are compared, merged and parsed by
// tools, and a comma decimal separator would split a cell in two.

/// <summary>Free text, protected by <see cref="SpreadsheetTextGuard"/>. Empty cells read back as null.</summary>
internal sealed class GuardedTextConverter(bool emptyIsNull) : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is string text ? SpreadsheetTextGuard.Protect(text) : "";

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        string.IsNullOrEmpty(text) ? (emptyIsNull ? null : "") : SpreadsheetTextGuard.Unprotect(text);
}

/// <summary>UTC ISO-8601 with milliseconds: <c>2025-03-14T09:26:53.589Z</c>.</summary>
internal sealed class UtcTimestampConverter : DefaultTypeConverter
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        ((DateTimeOffset)value!).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        TryParse(text, out var value)
            ? value
            : throw new TypeConverterException(this, memberMapData, text, row.Context, $"'{text}' is not a UTC ISO-8601 timestamp ({Format}).");

    private static readonly string[] Formats = [Format, "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    public static bool TryParse(string? text, out DateTimeOffset value) =>
        TryParseOwnFormat(text, out value)
        || DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    // The yield report parses a million of these: the writer's own fixed layout is read by hand,
    // anything else goes through the general parser.
    private static bool TryParseOwnFormat(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is not { Length: 24 } || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
            || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
        {
            return false;
        }

        var year = Digits(text, 0, 4);
        var month = Digits(text, 5, 2);
        var day = Digits(text, 8, 2);
        var hour = Digits(text, 11, 2);
        var minute = Digits(text, 14, 2);
        var second = Digits(text, 17, 2);
        var millisecond = Digits(text, 20, 3);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59 || millisecond < 0)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        return true;
    }

    /// <summary>The decimal number in <paramref name="count"/> digits at <paramref name="start"/>, or -1.</summary>
    private static int Digits(string text, int start, int count)
    {
        var result = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }

            result = (result * 10) + digit;
        }

        return result;
    }
}

/// <summary>A duration as whole milliseconds; empty when the phase never ran.</summary>
internal sealed class MillisecondsConverter : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is TimeSpan span
            ? Math.Round(span.TotalMilliseconds, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture)
            : "";

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        string.IsNullOrEmpty(text)
            ? null
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                ? TimeSpan.FromMilliseconds(ms)
                : throw new TypeConverterException(this, memberMapData, text, row.Context, $"'{text}' is not a whole number of milliseconds.");
}

/// <summary>A voltage in volts (4 decimals: the INA219 bus LSB is 4 mV); negative values stay numbers.</summary>
internal sealed class VoltsConverter : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is ElectricPotential potential ? potential.Volts.ToString("0.####", CultureInfo.InvariantCulture) : "";

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        string.IsNullOrEmpty(text)
            ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var volts)
                ? ElectricPotential.FromVolts(volts)
                : throw new TypeConverterException(this, memberMapData, text, row.Context, $"'{text}' is not a voltage in volts.");
}

/// <summary>A current in milliamperes (3 decimals); negative values (shunt offset) stay numbers.</summary>
internal sealed class MilliamperesConverter : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is ElectricCurrent current ? current.Milliamperes.ToString("0.###", CultureInfo.InvariantCulture) : "";

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        string.IsNullOrEmpty(text)
            ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliamperes)
                ? ElectricCurrent.FromMilliamperes(milliamperes)
                : throw new TypeConverterException(this, memberMapData, text, row.Context, $"'{text}' is not a current in mA.");
}

internal sealed class VerdictConverter : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        ((UnitVerdict)value!).ToText();

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        UnitVerdicts.TryParse(text, out var verdict)
            ? verdict
            : throw new TypeConverterException(this, memberMapData, text, row.Context, $"'{text}' is not PASS, FAIL or REWORK.");
}

internal sealed class FailureCodeConverter : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is FailureCode code ? code.ToText() : "";

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        string.IsNullOrEmpty(text)
            ? null
            : FailureCodes.TryParse(text, out var code)
                ? code
                : throw new TypeConverterException(this, memberMapData, text, row.Context, $"'{text}' is not a known failure code.");
}

internal sealed class VerificationUnitConverter : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        ((VerificationUnitKind)value!).ToText();

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        VerificationUnitKinds.TryParse(text, out var kind)
            ? kind
            : throw new TypeConverterException(this, memberMapData, text, row.Context, $"'{text}' is not empty, GOLDEN or KNOWN_BAD.");
}

/// <summary><c>true</c>/<c>false</c>, which spreadsheets read as booleans.</summary>
internal sealed class FlagConverter : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        (bool)value! ? "true" : "false";

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) => text switch
    {
        "true" => true,
        "false" or "" => false,
        _ => throw new TypeConverterException(this, memberMapData, text, row.Context, $"'{text}' is not true or false."),
    };
}
