using Azure;
using Azure.Identity;
using Coffer.Client.KeyVault;

namespace Coffer.Cli.Commands;

/// <summary>
/// Runs a command's work and turns every failure into one stderr line and an <see cref="ExitCodes"/> value:
/// a service error prints <c>error: {status} {code}: {message}</c> as the service said it.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (CliInputException e)
        {
            return await FailAsync(ExitCodes.BadInput, e.Message);
        }
        catch (KeyVaultServiceException e)
        {
            return await FailAsync(ExitCodes.ForStatus(e.Status), e.Describe());
        }
        catch (Coffer.Core.Backup.Archive.VaultArchiveException e)
        {
            return await FailAsync(ExitCodes.BadInput, e.Message);
        }
        catch (Coffer.Core.Errors.KeyVaultException e)
        {
            return await FailAsync(ExitCodes.ForStatus(e.Status), KeyVaultServiceException.Describe(e.Status, e.Code, e.Message, e.InnerMessage));
        }
        catch (RequestFailedException e) when (e.Status == 0)
        {
            return await FailAsync(ExitCodes.Other, $"the vault could not be reached: {(e.InnerException ?? e).Message}");
        }
        catch (RequestFailedException e)
        {
            return await FailAsync(ExitCodes.ForStatus(e.Status), $"{e.Status} {e.ErrorCode}: {e.Message.Split('\n')[0]}");
        }
        catch (AuthenticationFailedException e)
        {
            return await FailAsync(ExitCodes.Auth,
                $"authentication failed (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST or another DefaultAzureCredential source): {e.Message.Split('\n')[0]}");
        }
        catch (ChallengeMismatchException e)
        {
            return await FailAsync(ExitCodes.Auth, e.Message);
        }
        catch (IOException e)
        {
            return await FailAsync(ExitCodes.Other, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return await FailAsync(ExitCodes.Other, e.Message);
        }
    }

    private static async Task<int> FailAsync(int code, string message)
    {
        await Console.Error.WriteLineAsync("error: " + message);
        return code;
    }
}
