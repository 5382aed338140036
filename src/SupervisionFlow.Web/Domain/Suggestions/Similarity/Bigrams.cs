namespace SupervisionFlow.Web.Domain.Suggestions.Similarity;

/// <summary>
/// Character bigrams of a text as a sorted set of integers, and the Dice coefficient of two such sets. Chinese has no
/// spaces between words, so overlapping pairs of characters are the usual cheap stand-in for words: 停车难 and 停车位
/// share 停车. Letters and digits count; punctuation and spaces break a run, so no bigram spans them.
/// </summary>
public static class Bigrams
{
    /// <summary>
    /// The bigrams of a title without its 关于……的建议 frame: every title has it, so its pairs (and the 网的 where the
    /// topic meets 的建议) would make any two titles look alike.
    /// </summary>
    public static int[] OfTitle(string? title)
    {
        var topic = (title ?? "").Trim();
        if (topic.StartsWith("关于", StringComparison.Ordinal))
        {
            topic = topic[2..];
        }
        foreach (var frame in (string[])["的建议", "建议"])
        {
            if (topic.EndsWith(frame, StringComparison.Ordinal))
            {
                topic = topic[..^frame.Length];
                break;
            }
        }
        return Of(topic);
    }

    public static int[] Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var set = new HashSet<int>();
        var previous = '\0';
        foreach (var raw in text)
        {
            if (!char.IsLetterOrDigit(raw))
            {
                previous = '\0';
                continue;
            }
            var c = char.ToLowerInvariant(raw);
            if (previous != '\0')
            {
                set.Add(Pair(previous, c));
            }
            previous = c;
        }
        var result = set.ToArray();
        Array.Sort(result);
        return result;
    }

    private static int Pair(char first, char second) => (first << 16) | second;

    /// <summary>2·|A∩B| / (|A|+|B|) by one merge walk over the two sorted sets; 0 when either is empty.</summary>
    public static double Dice(int[] a, int[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return 2.0 * common / (a.Length + b.Length);
    }
}
