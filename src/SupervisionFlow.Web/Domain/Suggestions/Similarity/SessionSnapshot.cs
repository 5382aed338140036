namespace SupervisionFlow.Web.Domain.Suggestions.Similarity;

/// <summary>
/// The indexed suggestions of one session and, built on first use, their inverted lists (bigram → positions of the
/// suggestions that contain it). A query then touches only the suggestions that share a bigram with it, instead of
/// walking 10,000 bigram sets. Immutable: a new filing makes a new snapshot.
/// </summary>
public sealed class SessionSnapshot
{
    private readonly Lazy<(Dictionary<int, int[]> Title, Dictionary<int, int[]> Content)> _postings;

    public SessionSnapshot(IReadOnlyList<IndexedSuggestion> items)
    {
        Items = items;
        _postings = new(() => (Invert(items, s => s.TitleBigrams), Invert(items, s => s.ContentBigrams)));
    }

    public IReadOnlyList<IndexedSuggestion> Items { get; }

    public Dictionary<int, int[]> TitlePostings => _postings.Value.Title;

    public Dictionary<int, int[]> ContentPostings => _postings.Value.Content;

    /// <summary>For each position, how many of <paramref name="bigrams"/> its set holds (the query's sets are distinct, so a count is exact).</summary>
    public static int[] CountCommon(Dictionary<int, int[]> postings, int[] bigrams, int size)
    {
        ArgumentNullException.ThrowIfNull(postings);
        ArgumentNullException.ThrowIfNull(bigrams);
        var common = new int[size];
        foreach (var bigram in bigrams)
        {
            if (postings.TryGetValue(bigram, out var positions))
            {
                foreach (var position in positions)
                {
                    common[position]++;
                }
            }
        }
        return common;
    }

    private static Dictionary<int, int[]> Invert(IReadOnlyList<IndexedSuggestion> items, Func<IndexedSuggestion, int[]> bigramsOf)
    {
        var lists = new Dictionary<int, List<int>>();
        for (var position = 0; position < items.Count; position++)
        {
            foreach (var bigram in bigramsOf(items[position]))
            {
                if (!lists.TryGetValue(bigram, out var list))
                {
                    list = [];
                    lists[bigram] = list;
                }
                list.Add(position);
            }
        }
        return lists.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }
}
