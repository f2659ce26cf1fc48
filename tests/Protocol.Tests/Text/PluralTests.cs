using Fixture.Protocol.Text;

namespace Fixture.Protocol.Tests.Text;

public class PluralTests
{
    [Theory]
    [InlineData(0, "0 files")]
    [InlineData(1, "1 file")]
    [InlineData(2, "2 files")]
    [InlineData(1234567, "1,234,567 files")]
    public void A_count_takes_the_noun_in_its_number(long count, string text) => Assert.Equal(text, Plural.Of(count, "file"));

    [Fact]
    public void An_irregular_plural_is_given() =>
        Assert.Equal("2 sockets or adapters", Plural.Of(2, "socket or adapter", "sockets or adapters"));
}
