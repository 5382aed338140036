using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Sends SMS through a configurable HTTP gateway: <c>POST {Notifications:Sms:Endpoint}</c> with
/// <c>{"to": "13800000000", "text": "…"}</c>; any 2xx answer counts as accepted. Most Chinese SMS platforms sit
/// behind such an adapter (signature and template handling belong to the gateway).
/// </summary>
public sealed class HttpSmsSender(HttpClient http, IOptions<NotificationsOptions> options) : ISmsSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sms = options.Value.Sms;
        if (!sms.Enabled || string.IsNullOrWhiteSpace(sms.Endpoint))
        {
            throw new InvalidOperationException("短信通道未启用 / the SMS channel is off (Notifications:Sms:Enabled, Notifications:Sms:Endpoint).");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Endpoint)
        {
            Content = JsonContent.Create(new SmsRequest(message.To, message.Body)),
        };
        if (!string.IsNullOrEmpty(sms.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sms.ApiKey);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(sms.TimeoutSeconds));
        using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException(
                $"短信网关拒绝 / SMS gateway answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(detail, 300)}",
                null, response.StatusCode);
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private sealed record SmsRequest(string To, string Text);
}
