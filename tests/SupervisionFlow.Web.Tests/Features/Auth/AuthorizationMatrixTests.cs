using System.Net;
using System.Net.Http.Json;
using System.Text;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.EngineApi;
using SupervisionFlow.Web.Tests.TestSupport;
using Xunit.Abstractions;

namespace SupervisionFlow.Web.Tests.Features.Auth;

/// <summary>
/// Issue: "for every page and API route, each role that must not reach it gets 403/redirect". Every route the host
/// maps (read from its endpoints, not listed by hand) must have a rule in <see cref="Rules"/>; then every role, a
/// visitor and an API-key caller that the rule keeps out is refused on every handler and method of it, and those it
/// lets in reach the routes that need no id.
/// </summary>
public sealed class AuthorizationMatrixTests(SeededWorld<AuthorizationMatrixTests.EveryCaller> world, ITestOutputHelper output)
    : IClassFixture<SeededWorld<AuthorizationMatrixTests.EveryCaller>>
{
    /// <summary>
    /// Who may reach each route: the intended rule, written down here and not read from the attributes, so a page whose
    /// <c>[Authorize]</c> is wrong or missing fails. A page's <c>/X/Index</c> alias follows the rule of <c>/X</c>.
    /// </summary>
    private static readonly Dictionary<string, Reach> Rules = new(StringComparer.Ordinal)
    {
        ["/"] = Reach.Anyone,
        // The Chinese status pages the pipeline re-executes to: a visitor must see them too.
        ["/Status/{code:int}"] = Reach.Anyone,
        ["/Public"] = Reach.Anyone,
        ["/Public/{id:int}"] = Reach.Anyone,
        ["/Auth/Login"] = Reach.Anyone,
        ["/Auth/Logout"] = Reach.Anyone,
        // Where a signed-in user without the role lands: it answers 403 by design.
        ["/Auth/AccessDenied"] = Reach.AnyRole with { ReachedStatus = HttpStatusCode.Forbidden },
        // Every role has tasks (deputies revise and evaluate).
        ["/Inbox"] = Reach.AnyRole,
        // The list is the user's SuggestionScope: deputies see the suggestions they led or co-signed.
        ["/Suggestions"] = Reach.AnyRole,
        // Whether a user may see a suggestion, task or file depends on that record; covered by
        // SuggestionPageTests.Details_TransitSuggestion_OnlyWhoseSuggestionItIs / Details_KeySuggestion_UnitCommitteeAndLeadDeputy,
        // InboxAndTaskFormTests.TaskForm_AnotherUnitsTask_GetAndPostAreForbidden / TaskForm_OfficeTask_OtherRolesAreForbidden,
        // ReplyAttachmentTests.Download_OnlyThoseWhoMaySeeTheSuggestion_AndDeputiesOnlyOnceDelivered.
        ["/Suggestions/{id:int}"] = Reach.ResourceChecked,
        ["/Tasks/{id}"] = Reach.ResourceChecked,
        ["/Attachments/{id:int}"] = Reach.ResourceChecked,
        // 沟通记录 and 转办/委托: the suggestion's scope and the task's unit decide (CommentPageTests, TaskHandOverPageTests).
        ["/Suggestions/{id:int}/Comments"] = Reach.ResourceChecked,
        ["/Tasks/{id}/HandOver"] = Reach.ResourceChecked,
        // ReplyLetterDownloadTests.Letter_OnlyThoseWhoMaySeeTheSuggestion_DeputiesOnlyOnceDeliveredAndNeverADraft.
        ["/Documents/ReplyLetter/{replyId:int}"] = Reach.ResourceChecked,
        ["/Documents/Templates"] = Reach.Only(Roles.Admin),
        ["/Documents/Letters/{meetingId:int}"] = Reach.Only(Roles.Office, Roles.Admin),
        ["/Assessment"] = Reach.Only(Roles.Office, Roles.Admin, Roles.Leader),
        ["/Dashboard"] = Reach.Only(Roles.Office, Roles.Admin, Roles.Leader),
        ["/Meetings"] = Reach.Only(Roles.Office, Roles.Admin),
        ["/Meetings/{id:int}"] = Reach.Only(Roles.Office, Roles.Admin),
        ["/Suggestions/{id:int}/Operations"] = Reach.Only(Roles.Office, Roles.Admin),
        // 相似建议 for the filing forms: the office sees everything, a deputy numbers and consented titles only
        // (SimilarPageTests.SimilarJson_DeputySeesNumbersAndConsentedTitlesOnly_OfficeSeesLinksAndScores); 并案 is a
        // handler of /Suggestions/{id:int}, refused to all but the office (SimilarPageTests, SuggestionMergeTests).
        ["/Suggestions/Similar"] = Reach.Only(Roles.Office, Roles.Admin, Roles.Deputy),
        // 批量操作 on the list's selection (BulkPageTests: units and deputies get 403 on preview and confirm too).
        ["/Suggestions/Bulk"] = Reach.Only(Roles.Office, Roles.Admin),
        // A bulk run's progress page and its 继续执行 (BulkPageTests: units and deputies 403 on both).
        ["/Suggestions/Bulk/{id:long}"] = Reach.Only(Roles.Office, Roles.Admin),
        // 代录建议: the office enters a deputy's paper suggestion (OfficeFilingPageTests: units and deputies refused, nothing filed).
        ["/Suggestions/New"] = Reach.Only(Roles.Office, Roles.Admin),
        ["/Designer"] = Reach.Only(Roles.Admin),
        ["/Designer/Edit"] = Reach.Only(Roles.Admin),
        ["/Designer/Selection"] = Reach.Only(Roles.Admin),
        ["/Admin/Jobs"] = Reach.Only(Roles.Admin),
        ["/Admin/Migrations"] = Reach.Only(Roles.Admin),
        // The Hangfire Dashboard (every page, its JSON and its POST actions behind one catch-all route); rendered for
        // the administrator by HangfireDashboardTests.
        ["/Admin/Hangfire/{**path}"] = Reach.Only(Roles.Admin),
        ["/Admin/Users"] = Reach.Only(Roles.Admin),
        ["/Admin/Users/Create"] = Reach.Only(Roles.Admin),
        ["/Admin/Users/{id}"] = Reach.Only(Roles.Admin),
        // The deputies' own pages; which suggestion a deputy opens is checked by PortalTests.Suggestion_OfAnotherDeputy_IsNotFoundForReadingOrWithdrawing.
        ["/Portal"] = Reach.Only(Roles.Deputy),
        ["/Portal/Submit"] = Reach.Only(Roles.Deputy),
        ["/Portal/Suggestion/{id:int}"] = Reach.Only(Roles.Deputy),
        // Load balancers ask these without signing in; they answer Healthy/Unhealthy and nothing else (HealthEndpointsTests).
        ["/healthz"] = Reach.Anyone,
        ["/readyz"] = Reach.Anyone,
        // Describes the APIs, holds no data (README points integrators at it).
        ["/openapi/{documentName}.json"] = Reach.Anyone,
        // Engine control: a configured key only, never a sign-in (not even an administrator's).
        ["/api/engine/clock"] = Reach.ApiKeyOnly,
        ["/api/engine/definitions"] = Reach.ApiKeyOnly,
        ["/api/engine/definitions/{id}/xml"] = Reach.ApiKeyOnly,
        ["/api/engine/deployments"] = Reach.ApiKeyOnly,
        ["/api/engine/incidents"] = Reach.ApiKeyOnly,
        ["/api/engine/incidents/{id}/retry"] = Reach.ApiKeyOnly,
        ["/api/engine/messages"] = Reach.ApiKeyOnly,
        ["/api/engine/process-instances"] = Reach.ApiKeyOnly,
        ["/api/engine/process-instances/{id}"] = Reach.ApiKeyOnly,
        ["/api/engine/process-instances/{id}/history"] = Reach.ApiKeyOnly,
        ["/api/engine/tasks"] = Reach.ApiKeyOnly,
        ["/api/engine/tasks/count"] = Reach.ApiKeyOnly,
        ["/api/engine/reminders/scan"] = Reach.ApiKeyOnly,
        ["/api/engine/archive/run"] = Reach.ApiKeyOnly,
        ["/api/engine/process-instances/count"] = Reach.ApiKeyOnly,
        ["/api/engine/tasks/{id}"] = Reach.ApiKeyOnly,
        ["/api/engine/tasks/{id}/claim"] = Reach.ApiKeyOnly,
        ["/api/engine/tasks/{id}/due"] = Reach.ApiKeyOnly,
        ["/api/engine/timers/{id}/due"] = Reach.ApiKeyOnly,
        ["/api/engine/process-instances/{id}/move"] = Reach.ApiKeyOnly,
        ["/api/engine/process-instances/{id}/skip"] = Reach.ApiKeyOnly,
        ["/api/engine/migrations"] = Reach.ApiKeyOnly,
        ["/api/engine/tasks/{id}/complete"] = Reach.ApiKeyOnly,
        ["/api/engine/timers"] = Reach.ApiKeyOnly,
        ["/api/engine/timers/fire-due"] = Reach.ApiKeyOnly,
        // The submission system's door: its key, or office staff signed in (callers act as the office).
        ["/api/suggestions"] = Reach.ApiKeyOr(Roles.Office, Roles.Admin),
        ["/api/suggestions/import"] = Reach.ApiKeyOr(Roles.Office, Roles.Admin),
        ["/api/suggestions/import/template.xlsx"] = Reach.ApiKeyOr(Roles.Office, Roles.Admin),
        ["/api/suggestions/import/xlsx"] = Reach.ApiKeyOr(Roles.Office, Roles.Admin),
        ["/api/suggestions/{id:int}"] = Reach.ApiKeyOr(Roles.Office, Roles.Admin),
        ["/api/suggestions/{id:int}/timeline"] = Reach.ApiKeyOr(Roles.Office, Roles.Admin),
        // The browsable API reference (Scalar): administrators and API keys. Its scripts and icon are the package's
        // public files, holding no data (ApiReferenceTests checks the page for each role).
        ["/api/reference/{documentName?}"] = Reach.ApiKeyOr(Roles.Admin),
        ["/api/reference/scalar.js"] = Reach.Anyone,
        ["/api/reference/scalar.aspnetcore.js"] = Reach.Anyone,
        ["/api/reference/favicon.svg"] = Reach.Anyone,
    };

    /// <summary>One host, one signed-in client per role, read-only requests: the checks share it all.</summary>
    public sealed class EveryCaller : WebScenario, IDisposable
    {
        public IReadOnlyList<AppRoute> Routes { get; private set; } = [];

        public IReadOnlyList<Caller> Callers { get; private set; } = [];

        public override async Task SeedAsync(WebWorld world)
        {
            // The engine API is mapped (EngineApiHost configures a key) with its clock routes (manual clock).
            Routes = await AppRoutes.ReadAsync(world.Services);
            var callers = new List<Caller> { await Caller.CreateAsync("anonymous", null, world.AnonymousClient()) };
            var keyClient = world.AnonymousClient();
            keyClient.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, EngineApiHost.ApiKey);
            callers.Add(await Caller.CreateAsync("api-key", null, keyClient, hasApiKey: true));
            foreach (var role in Roles.All)
            {
                var user = WebWorld.Users.First(u => u.Value.Role == role).Key;
                callers.Add(await Caller.CreateAsync(user, role, await world.ClientAsAsync(user)));
            }
            Callers = callers;
        }

        public void Dispose()
        {
            foreach (var caller in Callers)
            {
                caller.Client.Dispose();
            }
        }
    }

    [Fact]
    public void EveryRoute_HasARule_AndEveryRuleARoute()
    {
        var mapped = world.Scenario.Routes.Select(RuleKey).ToHashSet(StringComparer.Ordinal);
        var unruled = world.Scenario.Routes.Where(r => !Rules.ContainsKey(RuleKey(r))).Select(r => $"{r.Pattern} ({string.Join(", ", r.Calls)})").ToList();
        var stale = Rules.Keys.Where(k => !mapped.Contains(k)).ToList();
        Assert.True(unruled.Count == 0,
            "routes without a rule; add each to AuthorizationMatrixTests.Rules with who may reach it: " + string.Join("; ", unruled));
        Assert.True(stale.Count == 0, "rules for routes the host no longer maps: " + string.Join("; ", stale));
        // Guards the enumeration itself: pages and both APIs were found.
        Assert.Contains(world.Scenario.Routes, r => r.Pattern == "/Admin/Users/{id}" && r.Calls.Any(c => c.Handler == "Lock"));
        Assert.Contains(world.Scenario.Routes, r => r.Pattern == "/api/engine/process-instances/{id}" && r.Calls.Any(c => c.Method == HttpMethod.Delete));
        Assert.Contains(world.Scenario.Routes, r => r.Pattern == "/api/suggestions/import/xlsx");
    }

    [Fact]
    public async Task EveryRoute_CallersTheRuleKeepsOut_AreRefusedOnEveryHandler()
    {
        var failures = new List<string>();
        var checks = 0;
        foreach (var route in world.Scenario.Routes.Where(r => Rules.ContainsKey(RuleKey(r))))
        {
            var rule = Rules[RuleKey(route)];
            foreach (var caller in world.Scenario.Callers.Where(c => !rule.Admits(c)))
            {
                foreach (var call in route.Calls)
                {
                    checks++;
                    using var response = await caller.SendAsync(call, route.IsPage);
                    if (!IsRefusal(response, SignsInByBrowser(route), caller))
                    {
                        failures.Add($"{caller.Name} {call}: {Describe(response)}");
                    }
                }
            }
        }
        output.WriteLine($"{world.Scenario.Routes.Count} routes, {world.Scenario.Routes.Sum(r => r.Calls.Count)} handlers/methods, {checks} refusals checked");
        Assert.True(checks > 300, $"only {checks} refusals checked: the route enumeration or the rules lost routes");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checks} requests not refused:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task RoutesWithoutId_CallersTheRuleLetsIn_ReachThem()
    {
        var failures = new List<string>();
        var checks = 0;
        foreach (var route in world.Scenario.Routes.Where(r => !r.HasParameters && Rules.ContainsKey(RuleKey(r))))
        {
            var rule = Rules[RuleKey(route)];
            foreach (var caller in world.Scenario.Callers.Where(rule.Admits))
            {
                // GETs only: a POST would change data, and its refusal is what the matrix is about.
                foreach (var call in route.Calls.Where(c => c.Method == HttpMethod.Get))
                {
                    checks++;
                    using var response = await caller.SendAsync(call, route.IsPage);
                    // A named handler may want query values and answer 400/404; the plain GET must render.
                    var reached = call.Handler is null ? response.StatusCode == rule.ReachedStatus : !IsRefusal(response, SignsInByBrowser(route), caller);
                    if (!reached)
                    {
                        failures.Add($"{caller.Name} {call}: {Describe(response)}");
                    }
                }
            }
        }
        output.WriteLine($"{checks} admitted requests checked");
        Assert.True(checks > 50, $"only {checks} admitted requests checked");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checks} admitted requests did not reach the route:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Pages, and the non-API endpoints a browser opens (the Hangfire Dashboard), refuse as pages do: a redirect to sign
    /// in or to the 403 page. Only <c>/api</c> answers with bare status codes.
    /// </summary>
    private static bool SignsInByBrowser(AppRoute route) =>
        route.IsPage || !route.Pattern.StartsWith("/api/", StringComparison.Ordinal);

    /// <summary>A page's <c>/X/Index</c> alias is the same page as <c>/X</c>.</summary>
    private static string RuleKey(AppRoute route) =>
        route.IsPage && route.Pattern.EndsWith("/Index", StringComparison.Ordinal) ? route.Pattern[..^"/Index".Length] : route.Pattern;

    /// <summary>
    /// Pages (and browser endpoints): a visitor (or an API key, which pages ignore) is sent to sign in, a signed-in user to the 403 page (or gets a
    /// bare 403). API routes answer 401 to a caller without credentials and 401/403 to a sign-in they do not accept.
    /// </summary>
    private static bool IsRefusal(HttpResponseMessage response, bool isPage, Caller caller)
    {
        if (!isPage)
        {
            return response.StatusCode == HttpStatusCode.Unauthorized
                || (caller.Role is not null && response.StatusCode == HttpStatusCode.Forbidden);
        }
        if (caller.Role is null)
        {
            return RedirectsTo(response, AuthSetup.LoginPath);
        }
        return RedirectsTo(response, AuthSetup.AccessDeniedPath) || response.StatusCode == HttpStatusCode.Forbidden;
    }

    private static bool RedirectsTo(HttpResponseMessage response, string path) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location is { } location
        && (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]) == path;

    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode}" + (response.Headers.Location is { } location ? $" → {location}" : "");
}

/// <summary>
/// Who may reach a route. <see cref="AdmittedRoles"/> are the roles the route admits; <see cref="Anonymous"/> lets everyone in
/// (visitors and API keys too); <see cref="ApiKey"/> admits a caller presenting a configured <c>X-Api-Key</c>.
/// </summary>
public sealed record Reach(IReadOnlySet<string> AdmittedRoles, bool Anonymous = false, bool ApiKey = false)
{
    /// <summary>What a plain GET by an admitted caller answers.</summary>
    public HttpStatusCode ReachedStatus { get; init; } = HttpStatusCode.OK;

    public static Reach Anyone { get; } = new(AllRoles, Anonymous: true);

    public static Reach AnyRole { get; } = new(AllRoles);

    /// <summary>Every role passes the policy; the page itself decides per record (tests named beside the rule).</summary>
    public static Reach ResourceChecked { get; } = new(AllRoles);

    public static Reach ApiKeyOnly { get; } = new(new HashSet<string>(), ApiKey: true);

    public static Reach Only(params string[] roles) => new(roles.ToHashSet(StringComparer.Ordinal));

    public static Reach ApiKeyOr(params string[] roles) => new(roles.ToHashSet(StringComparer.Ordinal), ApiKey: true);

    private static HashSet<string> AllRoles => [.. Roles.All];

    public bool Admits(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return Anonymous || (caller.Role is { } role ? AdmittedRoles.Contains(role) : caller.HasApiKey && ApiKey);
    }
}

/// <summary>A client that keeps its sign-in and follows no redirects, with an antiforgery token for posting pages.</summary>
public sealed class Caller
{
    private readonly string _token;

    private Caller(string name, string? role, HttpClient client, bool hasApiKey, string token)
    {
        Name = name;
        Role = role;
        Client = client;
        HasApiKey = hasApiKey;
        _token = token;
    }

    public string Name { get; }

    /// <summary>Null for a visitor and for an API-key caller.</summary>
    public string? Role { get; }

    public bool HasApiKey { get; }

    public HttpClient Client { get; }

    /// <summary>
    /// The token comes from the sign-in page, which everyone may open, and belongs to this caller's identity: a refused
    /// POST is then refused for who sent it, not for a missing token.
    /// </summary>
    public static async Task<Caller> CreateAsync(string name, string? role, HttpClient client, bool hasApiKey = false) =>
        new(name, role, client, hasApiKey, await client.TokenAsync(AuthSetup.LoginPath));

    public async Task<HttpResponseMessage> SendAsync(RouteCall call, bool isPage)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var request = new HttpRequestMessage(call.Method, call.Url);
        if (call.Method != HttpMethod.Get && call.Method != HttpMethod.Delete)
        {
            request.Content = isPage
                ? new FormUrlEncodedContent([new KeyValuePair<string, string>("__RequestVerificationToken", _token)])
                : ApiBody(call.ContentType);
        }
        return await Client.SendAsync(request);
    }

    /// <summary>A small body of the declared type: JSON unless the endpoint accepts something else (XML, a file).</summary>
    private static HttpContent ApiBody(string? contentType) => contentType switch
    {
        null or "application/json" => JsonContent.Create(new { }),
        "multipart/form-data" => new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "x.xlsx" } },
        _ => new StringContent("<definitions/>", Encoding.UTF8, contentType),
    };
}
