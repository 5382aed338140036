using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Domain.Suggestions.Similarity;

/// <summary>A suggestion found similar, with its score (0–1) and the parts it is made of.</summary>
public sealed record SimilarMatch(IndexedSuggestion Suggestion, double Score, double TitleScore, double ContentScore);

/// <summary>
/// 相似建议 (issue #12): the suggestions of the same session whose title and content share the most character bigrams
/// with a text being filed (or with a filed suggestion), best first. Merged and withdrawn suggestions are not
/// offered: they are no longer handled on their own.
/// </summary>
public sealed class SimilarSuggestions(AppDbContext db, SimilarityIndex index, IOptions<SimilarityOptions> options)
{
    public async Task<IReadOnlyList<SimilarMatch>> FindAsync(
        int term, int session, string? title, string? content, int? excludeId, CancellationToken cancellationToken = default)
    {
        var titleBigrams = Bigrams.OfTitle(title);
        var contentBigrams = Bigrams.Of(content);
        if (term <= 0 || session <= 0 || (titleBigrams.Length == 0 && contentBigrams.Length == 0))
        {
            return [];
        }
        var settings = options.Value;
        var candidates = await index.GetAsync(db, term, session, cancellationToken);
        return Rank(candidates, titleBigrams, contentBigrams, excludeId, settings);
    }

    /// <summary>
    /// Scores the suggestions that share at least one bigram with the query (counted through the inverted lists; the
    /// Dice coefficient needs only that count and the two set sizes) and keeps the best.
    /// </summary>
    public static IReadOnlyList<SimilarMatch> Rank(
        SessionSnapshot snapshot, int[] titleBigrams, int[] contentBigrams, int? excludeId, SimilarityOptions settings)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(titleBigrams);
        ArgumentNullException.ThrowIfNull(contentBigrams);
        ArgumentNullException.ThrowIfNull(settings);
        var items = snapshot.Items;
        var titleCommon = SessionSnapshot.CountCommon(snapshot.TitlePostings, titleBigrams, items.Count);
        var contentCommon = SessionSnapshot.CountCommon(snapshot.ContentPostings, contentBigrams, items.Count);
        var best = new List<SimilarMatch>();
        for (var position = 0; position < items.Count; position++)
        {
            var candidate = items[position];
            if ((titleCommon[position] == 0 && contentCommon[position] == 0) || candidate.Id == excludeId
                || candidate.State is SuggestionState.Merged or SuggestionState.Withdrawn)
            {
                continue;
            }
            var titleScore = Dice(titleCommon[position], titleBigrams.Length, candidate.TitleBigrams.Length);
            var contentScore = Dice(contentCommon[position], contentBigrams.Length, candidate.ContentBigrams.Length);
            // A side missing from the query (only a title typed so far) does not drag the score down.
            var score = titleBigrams.Length == 0 ? contentScore
                : contentBigrams.Length == 0 ? titleScore
                : (settings.TitleWeight * titleScore) + ((1 - settings.TitleWeight) * contentScore);
            if (score >= settings.Threshold)
            {
                best.Add(new SimilarMatch(candidate, score, titleScore, contentScore));
            }
        }
        return [.. best.OrderByDescending(m => m.Score).ThenBy(m => m.Suggestion.Id).Take(settings.MaxResults)];
    }

    private static double Dice(int common, int size, int otherSize) => common == 0 ? 0 : 2.0 * common / (size + otherSize);
}
