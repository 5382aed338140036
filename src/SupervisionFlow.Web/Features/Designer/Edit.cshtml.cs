using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Domain;

namespace SupervisionFlow.Web.Features.Designer;

/// <summary>
/// The modeler page. The BPMN XML travels as the request/response body (designer.js): GET <c>?handler=Xml</c> reads a
/// deployed version or the new-process template, POST <c>?handler=Validate</c> lists problems without deploying, POST
/// <c>?handler=Deploy</c> deploys a new version (400 with the same problem list when the engine refuses it). Razor Pages
/// check the antiforgery token of every POST; the script sends it in the RequestVerificationToken header.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditModel(ProcessEngine engine, AppDbContext db, CurrentActor current, TimeProvider clock, IOptions<EngineOptions> engineOptions) : PageModel
{
    /// <summary>The engine's own bound on a file (Engine:DeploymentMaxBytes); the default processes are ~40 KB.</summary>
    private long MaxXmlBytes => engineOptions.Value.DeploymentMaxBytes;

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public string Title { get; private set; } = "新建流程";

    public string FileName { get; private set; } = "process";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is null)
        {
            return Page();
        }
        var definition = (await engine.GetDefinitionsAsync(cancellationToken: cancellationToken)).FirstOrDefault(d => d.Id == Id);
        if (definition is null)
        {
            return NotFound();
        }
        Title = $"{definition.Name ?? definition.Key}（{definition.Key} 第 {definition.Version} 版）";
        FileName = definition.Key;
        return Page();
    }

    public async Task<IActionResult> OnGetXmlAsync(CancellationToken cancellationToken)
    {
        if (Id is null)
        {
            return Content(DesignerTemplate.NewProcess(DesignerTemplate.NewKey(clock)), "application/xml", Encoding.UTF8);
        }
        var xml = await engine.GetDefinitionXmlAsync(Id, cancellationToken);
        return xml is null ? NotFound() : Content(xml, "application/xml", Encoding.UTF8);
    }

    public async Task<IActionResult> OnPostValidateAsync(CancellationToken cancellationToken)
    {
        var xml = await ReadXmlAsync(cancellationToken);
        if (xml is null)
        {
            return XmlTooLarge();
        }
        return new JsonResult(new { problems = DesignerProblems.Describe(engine.Validate(xml, cancellationToken)) });
    }

    public async Task<IActionResult> OnPostDeployAsync(CancellationToken cancellationToken)
    {
        var xml = await ReadXmlAsync(cancellationToken);
        if (xml is null)
        {
            return XmlTooLarge();
        }
        var before = (await engine.GetDefinitionsAsync(cancellationToken: cancellationToken)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        Engine.Queries.DeploymentResult result;
        try
        {
            result = await engine.DeployAsync(xml, cancellationToken);
        }
        catch (DeploymentException ex)
        {
            return new JsonResult(new { problems = DesignerProblems.Describe(ex.Errors) }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        // The engine commits the deployment in its own transaction; the audit entry follows it (a crash in between
        // loses only the name of the deployer, never a deployed version).
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var definition in result.Definitions.Where(d => !before.Contains(d.Id)))
        {
            DesignerAudit.Deployed(db, current.UserName, definition, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return new JsonResult(new
        {
            created = result.Created,
            definitions = result.Definitions.Select(d => new { d.Id, d.Key, d.Version, d.Name, isNew = !before.Contains(d.Id) }),
        });
    }

    private Task<string?> ReadXmlAsync(CancellationToken cancellationToken) =>
        BoundedBody.ReadTextAsync(Request, MaxXmlBytes, Encoding.UTF8, cancellationToken);

    private JsonResult XmlTooLarge() =>
        new(new { problems = new[] { new DesignerProblem("XML_TOO_LARGE", null, null, $"文件过大（上限 {ByteSizes.Text(MaxXmlBytes)}）", "") } })
        {
            StatusCode = StatusCodes.Status413PayloadTooLarge,
        };
}
