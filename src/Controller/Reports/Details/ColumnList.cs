namespace Fixture.Controller.Reports.Details;

/// <summary>The extra columns the parts of one observer read, each named once; a part keeps the index <see cref="Add"/> gave it.</summary>
internal sealed class ColumnList
{
    private readonly List<string> names = [];

    public IReadOnlyList<string> Names => names;

    /// <summary>The index of <paramref name="column"/> in <see cref="Names"/>, added when new.</summary>
    public int Add(string column)
    {
        var index = names.IndexOf(column);
        if (index < 0)
        {
            index = names.Count;
            names.Add(column);
        }

        return index;
    }
}

/// <summary>Where a row is in the report files: the file's name and the row's line (the header is line 1).</summary>
public sealed record RowLocation(string File, long Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>The first <see cref="Items"/> of a list whose full length is <see cref="Count"/>.</summary>
public sealed record Listing<T>(long Count, IReadOnlyList<T> Items)
{
    /// <summary>How many items a listing keeps; the count stays complete.</summary>
    public const int Limit = 1000;

    public bool Truncated => Count > Items.Count;
}

/// <summary>A list that keeps its first <see cref="Listing{T}.Limit"/> items and counts the rest.</summary>
internal sealed class CappedList<T>
{
    private readonly List<T> items = [];

    public long Count { get; private set; }

    public void Add(T item)
    {
        Count++;
        if (items.Count < Listing<T>.Limit)
        {
            items.Add(item);
        }
    }

    public Listing<T> ToListing() => new(Count, items);
}
