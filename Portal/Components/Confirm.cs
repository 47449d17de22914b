using MudBlazor;

namespace Portal.Components;

public static class Confirm
{
    /// <summary>Asks before a destructive action; true only when the person confirmed.</summary>
    public static async Task<bool> AskAsync(this IDialogService dialogs, string title, string message, string action)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Message, message },
            { d => d.Action, action },
        };
        var dialog = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        return result is { Canceled: false };
    }
}
