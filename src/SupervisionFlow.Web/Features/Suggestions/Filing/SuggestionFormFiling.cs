using System.Globalization;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Import;

namespace SupervisionFlow.Web.Features.Suggestions.Filing;

/// <summary>How a filing form's post ended: the suggestion filed, or the messages to show (nothing was filed).</summary>
public sealed record FilingOutcome(Suggestion? Filed, IReadOnlyDictionary<string, string> Errors, string? Message);

/// <summary>
/// Files one suggestion from a filing form: every field is checked at once with the import's rules (so the messages
/// match the API's and the spreadsheet's), then the intake service files it — the same path for the deputy's form and
/// the office's 代录 form.
/// </summary>
public sealed class SuggestionFormFiling(SuggestionImportService validation, SuggestionIntakeService intake)
{
    /// <param name="input">The form's fields.</param>
    /// <param name="leadDeputy">The lead deputy's id, or a name the import's rules resolve (empty: none chosen).</param>
    /// <param name="actor">Who files: the lead deputy, or the office on the deputy's behalf.</param>
    /// <param name="onBehalf">The office enters it for the deputy (代录): audited as such, refused to anyone else.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<FilingOutcome> FileAsync(SuggestionInput input, string leadDeputy, Actor actor, bool onBehalf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var row = new ImportRow(1, input.Kind, input.Term, input.Session, input.Title, input.Content, input.Category, input.FormedBy,
            leadDeputy, string.Join(",", input.CoSignerIds.Select(id => id.ToString(CultureInfo.InvariantCulture))), input.Disclosure,
            input.ReferenceOnly ? "true" : "false");
        var (requests, problems) = await validation.ValidateAsync([row], cancellationToken);
        foreach (var problem in problems)
        {
            errors.TryAdd(problem.Field, problem.Message);
        }
        if (errors.Count > 0)
        {
            return new FilingOutcome(null, errors, null);
        }
        try
        {
            var request = requests[0] with { EnteredByOffice = onBehalf };
            return new FilingOutcome(await intake.SubmitAsync(request, actor, cancellationToken), errors, null);
        }
        catch (HandlingValidationException e)
        {
            foreach (var (field, message) in e.FieldErrors)
            {
                errors.TryAdd(field, message);
            }
            return new FilingOutcome(null, errors, e.FieldErrors.Count == 0 ? e.Message : null);
        }
        catch (HandlingForbiddenException e)
        {
            return new FilingOutcome(null, errors, e.Message);
        }
    }
}
