using Microsoft.Extensions.Configuration;

namespace SupervisionFlow.Web.Domain.Profile;

/// <summary>
/// Binds the <c>Handling</c> section onto a profile that already holds the defaults. ConfigurationBinder merges
/// into existing values: it appends configured list items to the default ones (A, B, C + A, B, C, D) and mixes a
/// configured <c>{ "WorkingDays": 60 }</c> into a default <c>{ "Months": 3 }</c>. A configured list or period
/// therefore replaces its default whole. Unknown keys are errors: a misspelt deadline would otherwise keep its
/// default in silence.
/// </summary>
public static class HandlingProfileBinder
{
    private static readonly Action<BinderOptions> _strict = o => o.ErrorOnUnknownConfiguration = true;

    public static void Bind(IConfiguration section, HandlingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(profile);
        if (!section.GetChildren().Any())
        {
            return;
        }
        // Reminders were once configured here as well; only Notifications:Reminders ever acted, so say where they went.
        if (section.GetSection("Reminders").Exists())
        {
            throw new InvalidOperationException(
                "Handling:Reminders is no longer read: reminder offsets are configured in Notifications:Reminders (DaysBefore, OverdueEveryWorkingDay, NotifyUnitHeadWhenOverdue, NotifyOfficeWhenOverdue).");
        }
        section.Bind(profile, _strict);

        var resultClasses = section.GetSection(nameof(HandlingProfile.ResultClasses));
        if (resultClasses.Exists())
        {
            profile.ResultClasses = resultClasses.Get<List<ResultClass>>(_strict) ?? [];
        }
        var criteria = section.GetSection($"{nameof(HandlingProfile.Assessment)}:{nameof(Assessment.AssessmentScheme.Criteria)}");
        if (criteria.Exists())
        {
            profile.Assessment.Criteria = criteria.Get<List<Assessment.AssessmentCriterion>>(_strict) ?? [];
        }
        var deadlines = section.GetSection(nameof(HandlingProfile.Deadlines));
        foreach (var property in typeof(HandlingDeadlines).GetProperties())
        {
            var configured = deadlines.GetSection(property.Name);
            if (property.PropertyType == typeof(Period) && configured.Exists())
            {
                property.SetValue(profile.Deadlines, configured.Get<Period>(_strict) ?? new Period());
            }
        }
    }
}
