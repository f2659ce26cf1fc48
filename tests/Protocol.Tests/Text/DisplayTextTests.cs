using Fixture.Protocol.Text;

namespace Fixture.Protocol.Tests.Text;

public class DisplayTextTests
{
    [Fact]
    public void A_terminal_escape_sequence_is_shown_as_text_and_cannot_clear_the_screen()
    {
        var shown = DisplayText.Escape("\u001b[2J\u001b[31mEVIL");

        Assert.Equal("\\x1B[2J\\x1B[31mEVIL", shown);
        Assert.DoesNotContain('\u001b', shown);
    }

    [Theory]
    [InlineData("a\tb\r\nc", "a\\tb\\r\\nc")]
    [InlineData("nul\0bell\a", "nul\\x00bell\\x07")]
    [InlineData("del\u007f", "del\\x7F")]
    [InlineData("c1 csi \u009b2J", "c1 csi \\x9B2J")]
    [InlineData("bidi \u202Etxt.exe", "bidi \\u202Etxt.exe")]
    [InlineData("zero\u200Bwidth", "zero\\u200Bwidth")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    public void Control_format_and_separator_characters_become_visible_escapes(string text, string shown) =>
        Assert.Equal(shown, DisplayText.Escape(text));

    [Theory]
    [InlineData("OpenBL602_971E9666")]
    [InlineData("Müller, Łódź — Straße")]
    [InlineData("=HYPERLINK(\"http://x\";\"y\")")]
    [InlineData("C:\\reports\\line 3")]
    [InlineData("plug \U0001F50C")]
    public void Printable_text_is_kept_as_it_is(string text)
    {
        Assert.Same(text, DisplayText.Escape(text));
        Assert.False(DisplayText.NeedsEscape(text));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped() =>
        Assert.Equal("lone \\uD800 surrogate", DisplayText.Escape("lone " + (char)0xD800 + " surrogate"));

    [Fact]
    public void Null_shows_as_nothing() => Assert.Equal(string.Empty, DisplayText.Escape(null));

    [Fact]
    public void A_long_value_is_cut_before_escaping_and_says_so() =>
        Assert.Equal("ab\\x1B…", DisplayText.Escape("ab\u001bcdef", 3));

    [Fact]
    public void The_writer_keeps_line_ends_and_escapes_everything_else()
    {
        using var inner = new StringWriter { NewLine = "\n" };
        using (var shown = DisplayText.Writer(inner))
        {
            shown.WriteLine("lot \u001b[2J");
            shown.Write("a\r\nb\rc\t");
            shown.Write('\u009b');
            shown.Write("plug \U0001F50C\n");
        }

        Assert.Equal("lot \\x1B[2J\na\r\nb\\rc\\t\\x9Bplug \U0001F50C\n", inner.ToString());
    }
}
