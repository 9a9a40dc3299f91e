import twilio from 'twilio';
import type { Speech, VoiceTurn } from '../../flows/voice.types';
import { TWILIO_VOICES } from './twilio-voices';
import type { VoiceReply } from '../calls/voice-reply';
import { urlsFor, type TurnUrls } from './webhook-urls';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type SpeechTarget = Pick<VoiceResponse, 'say' | 'pause' | 'play'>;

export interface RenderOptions {
  holdMusicUrl: string;
  /**
   * `hold`: the turn is a queue's wait TwiML. There a Gather that hears nothing just ends, and Twilio
   * re-requests the wait URL with a fresh queue position, so no empty action and no redirect.
   */
  context?: 'call' | 'hold';
}

function speak(target: SpeechTarget, items: Speech[], options: RenderOptions): void {
  for (const item of items) {
    if (item.kind === 'say') {
      const { voice, language } = TWILIO_VOICES[item.language];
      target.say({ voice: voice as never, language: language as never }, item.text);
    } else if (item.kind === 'pause') {
      target.pause({ length: item.seconds });
    } else {
      target.play({}, options.holdMusicUrl);
    }
  }
}

/** Turns one voice turn into TwiML; the only place TwiML is built, always through `VoiceResponse`. */
export function renderTurn(turn: VoiceTurn, urls: TurnUrls, options: RenderOptions): string {
  const response = new twilio.twiml.VoiceResponse();
  switch (turn.kind) {
    case 'ask': {
      const holding = options.context === 'hold';
      const gather = response.gather({
        action: urls.input,
        method: 'POST',
        timeout: turn.expect.timeoutSeconds,
        // Without this Twilio skips the action on an empty result, and a lone # (skip) would look like silence.
        ...(holding ? {} : { actionOnEmptyResult: true }),
        finishOnKey: '#',
        ...(turn.expect.keys === 'one' ? { numDigits: 1 } : {}),
      });
      speak(gather, turn.speech, options);
      if (!holding) response.redirect({ method: 'POST' }, urls.noInput);
      break;
    }
    case 'enqueue': {
      speak(response, turn.speech, options);
      response.enqueue({ action: urls.queueResult, method: 'POST', waitUrl: urls.hold, waitUrlMethod: 'POST' }, turn.queue);
      break;
    }
    case 'leaveQueue':
      response.leave();
      break;
    case 'hangup':
      speak(response, turn.speech, options);
      response.hangup();
      break;
    case 'speak':
      speak(response, turn.speech, options);
      break;
    case 'pauseThenCheck':
      speak(response, turn.speech, options);
      response.pause({ length: turn.pauseSeconds });
      response.redirect({ method: 'POST' }, urls.noInput);
      break;
    case 'dialQueue': {
      if (!urls.dialEnded || !urls.connect) throw new Error('a dialQueue turn needs dialEnded and connect URLs');
      speak(response, turn.speech, options);
      // hangupOnStar lets the agent leave the bridge with * (for a transfer) and continue at the action.
      const dial = response.dial({ action: urls.dialEnded, method: 'POST', hangupOnStar: true, timeout: 10 });
      dial.queue({ url: urls.connect, method: 'POST' }, turn.queue);
      break;
    }
    default: {
      const unknown: never = turn;
      throw new Error(`unknown voice turn ${JSON.stringify(unknown)}`);
    }
  }
  return response.toString();
}

/** An empty answer, for requests whose response Twilio ignores (status callbacks). */
export function emptyTwiml(): string {
  return new twilio.twiml.VoiceResponse().toString();
}

/** A use case's reply as TwiML: the turn, with every URL built from the public base URL for its place. */
export function renderReply(reply: VoiceReply, options: { publicBaseUrl: string; holdMusicUrl: string }): string {
  const { urls, context } = urlsFor(options.publicBaseUrl, reply.place);
  return renderTurn(reply.turn, urls, { holdMusicUrl: options.holdMusicUrl, context });
}
