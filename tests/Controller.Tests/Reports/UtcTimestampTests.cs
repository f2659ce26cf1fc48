using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Tests.Reports;

public sealed class UtcTimestampTests
{
    [Theory]
    [InlineData("2025-03-14T09:26:53.589Z", 2025, 3, 14, 9, 26, 53, 589)]
    [InlineData("2024-02-29T23:59:59.999Z", 2024, 2, 29, 23, 59, 59, 999)]
    [InlineData("2025-03-14T09:26:53Z", 2025, 3, 14, 9, 26, 53, 0)]
    public void Report_timestamps_are_read_as_utc(string text, int year, int month, int day, int hour, int minute, int second, int ms)
    {
        Assert.True(UtcTimestampConverter.TryParse(text, out var value));
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, ms, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("2025-02-29T09:26:53.589Z")]
    [InlineData("2025-13-14T09:26:53.589Z")]
    [InlineData("2025-03-14T24:00:00.000Z")]
    [InlineData("2025-03-14T09:26:5x.589Z")]
    [InlineData("2025-03-14 09:26:53.589")]
    [InlineData("14.03.2025 09:26:53")]
    [InlineData("")]
    public void Anything_else_is_not_a_timestamp(string text)
    {
        Assert.False(UtcTimestampConverter.TryParse(text, out _));
    }
}
