using System.Net;

namespace Fixture.Controller.Reports.Html;

/// <summary>A table for <see cref="HtmlPage.Table"/>: every cell is text and is escaped; numeric columns are right-aligned.</summary>
/// <param name="Note">A line under the table (e.g. "first 1,000 of 27,113 listed").</param>
internal sealed record HtmlTable(string Id, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows, Func<int, bool> Numeric, string? Note = null)
{
    /// <summary>Cells whose text marks the row as a problem get the <c>bad</c> class.</summary>
    public Func<IReadOnlyList<string>, bool>? IsBad { get; init; }
}

/// <summary>
/// Writes a self-contained HTML page: inline CSS, no scripts, no external resources. Every piece of
/// text goes through <see cref="Text"/> (HTML-escaped): values from the report files (stations,
/// lots, unit ids, MACs, SSIDs, file names, adapters, details) can hold anything.
/// </summary>
internal sealed class HtmlPage(TextWriter output)
{
    public const string Style = """
        body { font-family: "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif; margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.35; }
        h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
        h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; }
        h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        p.meta, p.note, figcaption { color: #555; font-size: .9rem; }
        table { border-collapse: collapse; margin: .4rem 0 .6rem; font-size: .88rem; }
        th, td { border: 1px solid #d0d7de; padding: .2rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f3f5f7; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; }
        td { overflow-wrap: anywhere; }
        #checks td { white-space: pre-line; }
        #checks td:first-child { overflow-wrap: normal; white-space: nowrap; }
        tr.total td { font-weight: 700; background: #f8f8f8; }
        tr.bad td { background: #fdecea; }
        .cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; }
        .card { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .8rem; min-width: 8.5rem; }
        .card .value { font-size: 1.5rem; font-weight: 700; }
        .card .label { font-size: .8rem; color: #555; }
        .card.bad { border-color: #c62828; background: #fdecea; }
        .card.good { border-color: #2e7d32; background: #edf7ee; }
        figure { margin: .6rem 0 1rem; }
        figure svg { width: 100%; height: auto; max-width: 900px; border: 1px solid #eee; }
        .ok { color: #2e7d32; font-weight: 700; }
        .warn { color: #c62828; font-weight: 700; }
        nav ul { columns: 2; font-size: .9rem; }
        code { font-size: .85rem; }
        .verdict { font-size: 1.4rem; font-weight: 700; padding: .5rem .8rem; border-radius: 6px; display: inline-block; }
        .verdict.met { background: #edf7ee; color: #2e7d32; border: 2px solid #2e7d32; }
        .verdict.not-met { background: #fdecea; color: #c62828; border: 2px solid #c62828; }
        @media print { body { max-width: none; margin: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } nav { display: none; } }
        """;

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public void Begin(string title)
    {
        output.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        output.Write("<title>");
        Text(title);
        output.Write("</title>\n<style>\n");
        output.Write(Style);
        output.Write("\n</style>\n</head>\n<body>\n");
    }

    public void End() => output.Write("</body>\n</html>\n");

    public void Text(string text) => output.Write(Escape(text));

    /// <summary>Markup written as given: only for markup this code built (tags, the charts' SVG).</summary>
    public void Raw(string markup) => output.Write(markup);

    /// <summary><c>&lt;tag attrs&gt;text&lt;/tag&gt;</c>, the text escaped.</summary>
    public void Element(string tag, string text, string? cssClass = null, string? id = null)
    {
        output.Write('<');
        output.Write(tag);
        Attribute("id", id);
        Attribute("class", cssClass);
        output.Write('>');
        Text(text);
        output.Write("</");
        output.Write(tag);
        output.Write(">\n");
    }

    public void Open(string tag, string? cssClass = null, string? id = null)
    {
        output.Write('<');
        output.Write(tag);
        Attribute("id", id);
        Attribute("class", cssClass);
        output.Write(">\n");
    }

    public void Close(string tag)
    {
        output.Write("</");
        output.Write(tag);
        output.Write(">\n");
    }

    public void Card(string label, string value, string? cssClass = null)
    {
        Open("div", cssClass is null ? "card" : "card " + cssClass);
        Element("div", value, "value");
        Element("div", label, "label");
        Close("div");
    }

    public void Table(HtmlTable table)
    {
        Open("table", id: table.Id);
        output.Write("<thead><tr>");
        for (var c = 0; c < table.Header.Count; c++)
        {
            output.Write(table.Numeric(c) ? "<th class=\"num\">" : "<th>");
            Text(table.Header[c]);
            output.Write("</th>");
        }

        output.Write("</tr></thead>\n<tbody>\n");
        var rows = 0;
        foreach (var row in table.Rows)
        {
            rows++;
            output.Write(row.Count > 0 && row[0] == "All" && table.Id == "groups" ? "<tr class=\"total\">" : table.IsBad?.Invoke(row) == true ? "<tr class=\"bad\">" : "<tr>");
            for (var c = 0; c < row.Count; c++)
            {
                output.Write(table.Numeric(c) ? "<td class=\"num\">" : "<td>");
                Text(row[c]);
                output.Write("</td>");
            }

            output.Write("</tr>\n");
        }

        if (rows == 0)
        {
            output.Write($"<tr><td colspan=\"{table.Header.Count}\">none</td></tr>\n");
        }

        output.Write("</tbody>\n");
        Close("table");
        if (table.Note is not null)
        {
            Element("p", table.Note, "note");
        }
    }

    public void Figure(Chart chart)
    {
        Open("figure", id: "figure-" + chart.Id);
        if (chart.Svg is not null)
        {
            Raw(chart.Svg);
            output.Write('\n');
        }
        else
        {
            Element("p", chart.Empty ?? "No data.", "note");
        }

        Element("figcaption", chart.Caption);
        Close("figure");
    }

    private void Attribute(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        output.Write(' ');
        output.Write(name);
        output.Write("=\"");
        Text(value);
        output.Write('"');
    }
}
