using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Inbox;
using SupervisionFlow.Web.Features.Tasks.Steps;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Tasks;

/// <summary>
/// <c>/Tasks/{id}</c>: the task, its suggestion and the form of the step for its <c>camunda:formKey</c>
/// (<see cref="HandlingSteps"/>: the step's class and page part under <c>Steps/&lt;Area&gt;/</c>); a task without a
/// known form key gets a form generated from its <c>camunda:formData</c> fields and is completed straight through the
/// engine. Only an actor who may work on the task sees it (403 otherwise).
/// The form posts as multipart so a reply's attachments come with it; the limits allow every file at its largest.
/// </summary>
[RequestSizeLimit(AttachmentRules.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentRules.MaxRequestBytes)]
public sealed partial class FormModel(
    ProcessEngine engine, TaskFormService forms, HandlingSteps steps, CurrentActor current, AppDbContext db, IOptions<HandlingProfile> profile,
    IMemoryCache cache, TimeProvider clock) : PageModel
{
    public TaskView Task { get; private set; } = null!;

    public Suggestion? Suggestion { get; private set; }

    /// <summary>The step of the task's form key, or null for a generated form.</summary>
    public IHandlingStep? Step { get; private set; }

    /// <summary>What the step loaded for its page part (<see cref="IHandlingStep.LoadAsync"/>).</summary>
    public object? StepView { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? FormError { get; private set; }

    /// <summary>What was submitted (to show it again with the errors), else empty.</summary>
    public JsonObject Values { get; private set; } = [];

    public DateOnly Today { get; private set; }

    /// <summary>True when the failed post carried files (the browser will not send them again by itself).</summary>
    public bool HadFiles { get; private set; }

    public Dictionary<string, string> UnitNames { get; private set; } = new(StringComparer.Ordinal);

    public Dictionary<int, string> DeputyNames { get; private set; } = [];

    public IReadOnlyList<HandlingUnit> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var refused = await LoadAsync(id, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        await LoadLookupsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var refused = await LoadAsync(id, cancellationToken);
        if (refused is NotFoundResult && EngineErrorCodes.IsLostRace(await engine.GetTaskClosedCodeAsync(id, cancellationToken)))
        {
            // Finished by someone else since this user opened the form: say so where they will look next.
            TempData["ErrorMessage"] = EngineMessages.HandledByOthers;
            return Redirect("/Inbox");
        }
        if (refused is not null)
        {
            return refused;
        }
        Values = ReadForm();
        var files = await ReadFilesAsync(cancellationToken);
        HadFiles = files.Count > 0;
        try
        {
            if (Step is not null)
            {
                await forms.SubmitAsync(id, current.Actor, Values, files, cancellationToken);
            }
            else
            {
                await CompleteGeneratedAsync(cancellationToken);
            }
        }
        catch (HandlingValidationException e)
        {
            return await ShowErrorsAsync(e.FieldErrors, e.Message, cancellationToken);
        }
        catch (EngineValidationException e)
        {
            // Worded from the problem codes: the engine's messages are English, for API callers.
            var chinese = e.FieldProblems.ToDictionary(f => f.Key, f => EngineMessages.For(f.Value), StringComparer.Ordinal);
            return await ShowErrorsAsync(chinese, EngineMessages.For(e), cancellationToken);
        }
        catch (HandlingForbiddenException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (Exception e) when (e is HandlingNotFoundException or EngineNotFoundException)
        {
            return NotFound();
        }
        catch (EngineConflictException e)
        {
            return await ShowErrorsAsync(new Dictionary<string, string>(), EngineMessages.For(e), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The command rolled back as a whole (nothing of it was saved): the same submission may simply be sent again.
            return await ShowErrorsAsync(new Dictionary<string, string>(), EngineMessages.SaveFailed, cancellationToken);
        }
        cache.Remove(InboxCountViewComponent.CacheKey(current.UserName));
        TempData["Message"] = $"已提交“{Task.Name}”。";
        return Redirect("/Inbox");
    }

    private async Task<IActionResult> ShowErrorsAsync(IReadOnlyDictionary<string, string> fieldErrors, string message, CancellationToken cancellationToken)
    {
        foreach (var (field, error) in fieldErrors)
        {
            Errors[field] = error;
        }
        // A message that names only fields shown beside them is not repeated on top.
        FormError = fieldErrors.Count > 0 ? "请更正下列标红的内容后再提交。" : message;
        await LoadLookupsAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var task = await engine.GetTaskAsync(id, cancellationToken);
        if (task is null)
        {
            return NotFound();
        }
        // Another unit's (or anyone else's) task: refused whether it is read or posted.
        if (!TaskFormService.CanWork(current.Actor, task))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Task = task;
        Step = steps.Find(task.FormKey);
        Today = ChinaTime.DateOf(clock.GetUtcNow());
        if (task.BusinessKey is { } businessKey)
        {
            // Every process of a suggestion carries its id as the business key (Suggestion.BusinessKey).
            Suggestion = await db.Set<Suggestion>().AsNoTracking().AsSplitQuery().Include(s => s.Units).Include(s => s.CoSigners)
                .FirstOrDefaultAsync(s => s.BusinessKey == businessKey, cancellationToken);
        }
        return null;
    }

    private async Task LoadLookupsAsync(CancellationToken cancellationToken)
    {
        Units = await db.Set<HandlingUnit>().AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Id).ToListAsync(cancellationToken);
        UnitNames = Units.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        if (Suggestion is { } s)
        {
            var deputyIds = s.CoSigners.Select(c => c.DeputyId).Append(s.LeadDeputyId).ToList();
            DeputyNames = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
            foreach (var unit in s.Units.Where(u => !UnitNames.ContainsKey(u.UnitId)))
            {
                UnitNames[unit.UnitId] = unit.UnitId;
            }
        }
        if (Step is not null)
        {
            StepView = await Step.LoadAsync(new StepViewContext(db, Task, Suggestion, profile.Value), cancellationToken);
        }
    }

    /// <summary>
    /// A step added in the designer: the engine checks required fields and types; here only the text of the browser
    /// form becomes the declared type (a value that does not convert is sent as text, so the engine names the field).
    /// </summary>
    private async Task CompleteGeneratedAsync(CancellationToken cancellationToken)
    {
        var variables = new JsonObject();
        foreach (var field in Task.FormFields)
        {
            var text = Values[field.Id]?.ToString()?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (field.Type == FormFieldType.Boolean && !field.Required)
                {
                    variables[field.Id] = false;
                }
                continue;
            }
            variables[field.Id] = field.Type switch
            {
                FormFieldType.Long when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
                FormFieldType.Boolean when text is "true" or "false" => text == "true",
                _ => text,
            };
        }
        var actor = current.Actor;
        await engine.CompleteTaskAsync(Task.Id, actor.UserName, variables, cancellationToken);
    }
}
