using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>
/// The <c>X-Api-Key</c> check of the engine API, as an authentication scheme rather than an endpoint filter so that
/// it runs before the request body is read: a caller without a key learns nothing, not even that its JSON was bad.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<EngineApiOptions> api,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EngineApiKey";

    public const string HeaderName = "X-Api-Key";

    public const string PolicyName = "EngineApi";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (presented.Count > 1 || !api.CurrentValue.Accepts(presented[0]!))
        {
            return Task.FromResult(AuthenticateResult.Fail("The X-Api-Key header does not hold a configured key."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "engine-api-client")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key missing or wrong",
                Detail = $"Send one of the keys configured in Engine:Api:Keys in the {HeaderName} header.",
            },
        }).ConfigureAwait(false);
    }
}
