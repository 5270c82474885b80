"""Offline speech recognition: the Whisper model found and verified on disk, clips turned into timed cues.

Nothing here touches the case or Qt; `services/transcription_service.py` stores what this package hears.
"""
