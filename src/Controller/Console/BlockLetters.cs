namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// The verdict words in letters five rows tall, readable from a metre away. Figlet's standard font
/// is too wide for a tile (REWORK takes 52 columns); these take 19 (PASS) to 30 (REWORK).
/// </summary>
internal static class BlockLetters
{
    public const int Height = 5;

    // '#' marks a lit cell; drawn as a full block where the terminal has Unicode.
    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['P'] = ["####", "#  #", "####", "#   ", "#   "],
        ['A'] = [" ## ", "#  #", "####", "#  #", "#  #"],
        ['S'] = [" ###", "#   ", " ## ", "   #", "### "],
        ['F'] = ["####", "#   ", "### ", "#   ", "#   "],
        ['I'] = ["###", " # ", " # ", " # ", "###"],
        ['L'] = ["#   ", "#   ", "#   ", "#   ", "####"],
        ['R'] = ["### ", "#  #", "### ", "# # ", "#  #"],
        ['E'] = ["####", "#   ", "### ", "#   ", "####"],
        ['W'] = ["#   #", "#   #", "# # #", "# # #", " # # "],
        ['O'] = [" ## ", "#  #", "#  #", "#  #", " ## "],
        ['K'] = ["#  #", "# # ", "##  ", "# # ", "#  #"],
    };

    /// <summary>True when every letter of the word has a glyph.</summary>
    public static bool CanDraw(string word) => word.Length > 0 && word.All(Glyphs.ContainsKey);

    /// <summary>Columns the word takes, one blank column between letters.</summary>
    public static int Width(string word) => word.Sum(letter => Glyphs[letter][0].Length) + word.Length - 1;

    /// <summary>The word's <see cref="Height"/> rows.</summary>
    public static IReadOnlyList<string> Draw(string word, bool unicode)
    {
        var lit = unicode ? '\u2588' : '#';
        var rows = new string[Height];
        for (var row = 0; row < Height; row++)
        {
            rows[row] = string.Join(' ', word.Select(letter => Glyphs[letter][row])).Replace('#', lit);
        }

        return rows;
    }
}
